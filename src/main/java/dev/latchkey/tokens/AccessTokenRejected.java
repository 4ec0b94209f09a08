package dev.latchkey.tokens;

import dev.latchkey.failures.Failure;

/**
 * Why a request was not authenticated. The filter records it and lets the request go on
 * anonymously; only if the endpoint needs a user does the entry point answer 401 with
 * this code, so a stale cookie never blocks /auth/login or /auth/refresh.
 */
public abstract sealed class AccessTokenRejected extends Failure {

	private AccessTokenRejected(String code, String detail) {
		super(Kind.UNAUTHENTICATED, code, detail);
	}

	public static final class Missing extends AccessTokenRejected {

		public Missing() {
			super("not_authenticated", "Sign in first: this needs the access_token cookie.");
		}

	}

	public static final class Expired extends AccessTokenRejected {

		Expired() {
			super("access_token_expired", "The access token has expired; call POST /auth/refresh.");
		}

	}

	public static final class Invalid extends AccessTokenRejected {

		private final String reason;

		/**
		 * @param reason for the server's log only: clients learn no more than "invalid"
		 */
		public Invalid(String reason) {
			super("access_token_invalid", "The access token is not valid; sign in again.");
			this.reason = reason;
		}

		public String reason() {
			return this.reason;
		}

	}

}
