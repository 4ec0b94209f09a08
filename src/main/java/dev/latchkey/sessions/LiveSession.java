package dev.latchkey.sessions;

import dev.latchkey.users.UserResponse;

/**
 * A session that is live, with its active user: what an access token naming it signs a
 * request in as.
 */
public record LiveSession(UserResponse user, SignInFactors factors) {
}
