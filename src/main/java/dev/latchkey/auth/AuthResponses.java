package dev.latchkey.auth;

import java.time.Instant;

import dev.latchkey.users.UserResponse;

/** The JSON bodies the /auth endpoints answer with. Tokens travel only in cookies, never here. */
final class AuthResponses {

	private AuthResponses() {
	}

	/**
	 * @param accessTokenExpiresAt when to call /auth/refresh: a page cannot read HttpOnly cookies
	 * @param refreshTokenExpiresAt when the session ends unless it is refreshed before
	 */
	record Login(UserResponse user, Instant accessTokenExpiresAt, Instant refreshTokenExpiresAt) {

		static Login of(AuthService.SignedIn signedIn) {
			return new Login(signedIn.user(), signedIn.accessToken().expiresAt(), signedIn.refreshToken().expiresAt());
		}

	}

	record Message(String message) {
	}

	record LogoutAll(String message, int revokedSessions) {
	}

}
