package dev.latchkey.recovery;

import java.util.UUID;

/** A reset link was mailed to an account's address. */
public record PasswordResetRequested(UUID userId) {
}
