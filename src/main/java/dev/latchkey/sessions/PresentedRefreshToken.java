package dev.latchkey.sessions;

import java.util.UUID;

/**
 * A refresh token a client presented, once its HMAC has proved that this service made it
 * ({@link SessionService#authenticate}). Outside this module it is opaque: nobody else
 * can make one, so whatever takes one never checks the MAC again.
 */
public final class PresentedRefreshToken {

	private final UUID sessionId;

	private final long counter;

	PresentedRefreshToken(UUID sessionId, long counter) {
		this.sessionId = sessionId;
		this.counter = counter;
	}

	UUID sessionId() {
		return this.sessionId;
	}

	long counter() {
		return this.counter;
	}

	@Override
	public String toString() {
		return "PresentedRefreshToken[sessionId=" + this.sessionId + ", counter=" + this.counter + "]";
	}

}
