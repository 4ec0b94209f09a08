package dev.latchkey.mfa;

import java.util.UUID;

/** A passkey was registered to the account. */
public record PasskeyAdded(UUID userId, UUID passkeyId) {
}
