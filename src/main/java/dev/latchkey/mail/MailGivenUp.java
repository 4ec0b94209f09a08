package dev.latchkey.mail;

import java.util.UUID;

/**
 * A mail kept failing for MAIL_GIVE_UP_AFTER (or can no longer be read): it will never be
 * sent, and its payload is gone.
 *
 * @param error the last failure's exception class, with the SMTP reply code when there
 * was one
 */
public record MailGivenUp(UUID mailId, int attempts, String error) {
}
