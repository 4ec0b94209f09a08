package dev.latchkey.recovery;

import java.util.UUID;

/** A mailed reset token set a new password; every session of the account ended. */
public record PasswordReset(UUID userId, int sessionsEnded) {
}
