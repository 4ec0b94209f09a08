package dev.latchkey.sessions;

import dev.latchkey.failures.Failure;

/** Why POST /auth/refresh refused; every kind also clears the client's auth cookies. */
public abstract sealed class RefreshTokenRejected extends Failure {

	private RefreshTokenRejected(String code, String detail) {
		super(Kind.UNAUTHENTICATED, code, detail);
	}

	public static final class Missing extends RefreshTokenRejected {

		public Missing() {
			super("refresh_token_missing", "No refresh_token cookie was sent; sign in.");
		}

	}

	public static final class Invalid extends RefreshTokenRejected {

		Invalid() {
			super("refresh_token_invalid", "The refresh token is not valid; sign in again.");
		}

	}

	public static final class Expired extends RefreshTokenRejected {

		Expired() {
			super("refresh_token_expired", "The refresh token has expired; sign in again.");
		}

	}

	public static final class Reused extends RefreshTokenRejected {

		Reused() {
			super("refresh_token_reused",
					"This refresh token was already used, so its session has been ended for safety; sign in again.");
		}

	}

}
