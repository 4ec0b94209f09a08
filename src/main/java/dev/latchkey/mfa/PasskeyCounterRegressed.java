package dev.latchkey.mfa;

import java.util.UUID;

/**
 * An assertion showed a signature counter no larger than the last one seen: the key may
 * have been copied to a second authenticator. The assertion was refused.
 *
 * @param storedCount the counter last seen
 * @param presentedCount the counter the assertion showed
 */
public record PasskeyCounterRegressed(UUID userId, UUID passkeyId, long storedCount, long presentedCount) {
}
