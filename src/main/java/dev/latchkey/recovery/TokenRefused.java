package dev.latchkey.recovery;

import dev.latchkey.failures.Failure;

/**
 * A mailed token that cannot be used: unknown, used already, for another purpose, or
 * expired. The first three answer alike; an expired one says so, so that the user knows
 * to ask for a new link rather than to check what they pasted.
 */
final class TokenRefused extends Failure {

	private TokenRefused(String code, String detail) {
		super(Kind.INVALID, code, detail);
	}

	static TokenRefused invalidReset() {
		return new TokenRefused("reset_token_invalid", "This reset link is not valid, or was used already.");
	}

	static TokenRefused expiredReset() {
		return new TokenRefused("reset_token_expired", "This reset link has expired; ask for a new one.");
	}

	static TokenRefused invalidVerify() {
		return new TokenRefused("verify_token_invalid", "This verification link is not valid, or was used already.");
	}

	static TokenRefused expiredVerify() {
		return new TokenRefused("verify_token_expired", "This verification link has expired; ask for a new one.");
	}

}
