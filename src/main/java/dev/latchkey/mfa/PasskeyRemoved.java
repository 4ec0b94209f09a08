package dev.latchkey.mfa;

import java.util.UUID;

/** A passkey was taken off the account. */
public record PasskeyRemoved(UUID userId, UUID passkeyId) {
}
