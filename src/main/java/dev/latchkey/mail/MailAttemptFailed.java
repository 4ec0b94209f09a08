package dev.latchkey.mail;

import java.time.Instant;
import java.util.UUID;

/**
 * An attempt to send a mail failed; it is tried again at {@code nextAttemptAt}.
 *
 * @param error the failure's exception class, with the SMTP reply code when there was one
 */
public record MailAttemptFailed(UUID mailId, int attempts, String error, Instant nextAttemptAt) {
}
