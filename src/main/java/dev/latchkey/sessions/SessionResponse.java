package dev.latchkey.sessions;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One signed-in device, as GET /auth/sessions lists it.
 *
 * @param expiresAt when the session ends unless it is refreshed before
 * @param current whether this is the session of the request's own access token
 */
public record SessionResponse(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
		@Nullable String userAgent, @Nullable String ip, boolean current) {

	/**
	 * Leaves the user agent out: Spring MVC logs response bodies through toString() at
	 * DEBUG, and a user agent is whatever text the client sent.
	 */
	@Override
	public String toString() {
		return "SessionResponse[id=" + this.id + ", current=" + this.current + "]";
	}

}
