package dev.latchkey.sessions;

import java.util.UUID;

/**
 * A refresh token that had been spent was presented after the grace period: somebody else
 * holds a copy, and the session was ended.
 */
public record RefreshTokenReused(UUID userId, UUID sessionId) {
}
