package dev.latchkey.mfa;

import java.util.UUID;

/** A recovery code was used up, in place of the authenticator. */
public record RecoveryCodeUsed(UUID userId) {
}
