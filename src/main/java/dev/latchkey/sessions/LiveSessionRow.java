package dev.latchkey.sessions;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.latchkey.users.UserResponse;

/**
 * What the live-session check reads in one query: the live session, and until when its
 * refresh chain lasts, after which no cached answer for it may be given.
 */
record LiveSessionRow(LiveSession session, Instant expiresAt) {

	LiveSessionRow(UUID userId, String email, @Nullable String fullName, boolean active, boolean verified,
			Instant userCreatedAt, Instant sessionCreatedAt, String authMethods, @Nullable Instant secondFactorAt,
			Instant expiresAt) {
		this(new LiveSession(new UserResponse(userId, email, fullName, active, verified, userCreatedAt),
				SignInFactors.of(authMethods, sessionCreatedAt, secondFactorAt)), expiresAt);
	}

}
