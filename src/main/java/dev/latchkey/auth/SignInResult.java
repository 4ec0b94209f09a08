package dev.latchkey.auth;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.latchkey.sessions.SessionService.IssuedRefreshToken;
import dev.latchkey.tokens.AccessTokens.IssuedAccessToken;
import dev.latchkey.users.UserResponse;

/**
 * What a sign-in came to: a session, or a further step the user must take before any
 * session exists.
 */
public sealed interface SignInResult {

	/**
	 * A user with a fresh pair of tokens, ready to be written as cookies.
	 *
	 * @param deviceToken the device cookie a login earns; null for a refresh
	 */
	record SignedIn(UserResponse user, IssuedAccessToken accessToken, IssuedRefreshToken refreshToken,
			@Nullable String deviceToken) implements SignInResult {

		@Override
		public String toString() {
			return "SignedIn[userId=" + this.user.id() + ", refreshToken=" + this.refreshToken + "]";
		}

	}

	/**
	 * The password was right, and a {@link SignInStep} requires more before a session is
	 * opened: a second factor, say. The client is told which methods can complete it and
	 * until when, and is given the challenge that the step's own endpoint will ask back.
	 *
	 * @param methods what can complete the sign-in, such as {@code totp}
	 * @param challenge an opaque value that names this sign-in attempt to the step that
	 * finishes it; it travels only in an HttpOnly cookie
	 * @param expiresAt when the challenge stops being accepted
	 */
	record StepRequired(List<String> methods, String challenge, Instant expiresAt) implements SignInResult {

		public StepRequired {
			methods = List.copyOf(methods);
		}

		@Override
		public String toString() {
			return "StepRequired[methods=" + this.methods + ", expiresAt=" + this.expiresAt + "]";
		}

	}

}
