package dev.latchkey.sessions;

import java.util.UUID;

/**
 * Sessions of a user were ended, for one reason.
 *
 * @param count how many; 0 when there was none to end
 */
public record SessionsRevoked(UUID userId, int count, RevocationReason reason) {
}
