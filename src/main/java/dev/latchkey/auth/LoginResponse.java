package dev.latchkey.auth;

import java.time.Instant;

import dev.latchkey.users.UserResponse;

/**
 * The answer to login and refresh. The tokens themselves travel only in cookies.
 *
 * @param accessTokenExpiresAt when to call /auth/refresh: a page cannot read HttpOnly
 * cookies
 * @param refreshTokenExpiresAt when the session ends unless it is refreshed before
 */
public record LoginResponse(UserResponse user, Instant accessTokenExpiresAt, Instant refreshTokenExpiresAt) {

	static LoginResponse of(SignInResult.SignedIn signedIn) {
		return new LoginResponse(signedIn.user(), signedIn.accessToken().expiresAt(),
				signedIn.refreshToken().expiresAt());
	}

}
