package dev.latchkey.sessions;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.latchkey.users.UserResponse;

/**
 * A session that is live, with its active user: what an access token naming it signs a
 * request in as.
 */
public record LiveSession(UserResponse user, SignInFactors factors) {

	/** The row the live-session check reads in one query. */
	LiveSession(UUID userId, String email, @Nullable String fullName, boolean active, boolean verified,
			Instant userCreatedAt, Instant sessionCreatedAt, String authMethods, @Nullable Instant secondFactorAt) {
		this(new UserResponse(userId, email, fullName, active, verified, userCreatedAt),
				SignInFactors.of(authMethods, sessionCreatedAt, secondFactorAt));
	}

}
