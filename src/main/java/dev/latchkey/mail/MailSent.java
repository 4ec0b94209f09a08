package dev.latchkey.mail;

import java.util.UUID;

/**
 * The SMTP server (or the dev mailbox) accepted a mail.
 *
 * @param attempts how many attempts it took, this one included
 */
public record MailSent(UUID mailId, int attempts) {
}
