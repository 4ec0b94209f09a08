package dev.latchkey.mfa;

import dev.latchkey.failures.Failure;

/** The refusals of the second factor. */
final class MfaFailures {

	private MfaFailures() {
	}

	/** A wrong code at sign-in: the sign-in is not authenticated yet. */
	static final class CodeRefused extends Failure {

		CodeRefused() {
			super(Kind.UNAUTHENTICATED, "mfa_code_invalid", "The code is not valid.");
		}

	}

	/** A wrong code from a signed-in user (enrolment, step-up). */
	static final class CodeInvalid extends Failure {

		CodeInvalid() {
			super(Kind.INVALID, "mfa_code_invalid", "The code is not valid.");
		}

	}

	static final class ChallengeInvalid extends Failure {

		ChallengeInvalid() {
			super(Kind.UNAUTHENTICATED, "mfa_challenge_invalid",
					"There is no sign-in waiting for a second factor, or it has expired: sign in again.");
		}

	}

	static final class TotpAlreadyEnabled extends Failure {

		TotpAlreadyEnabled() {
			super(Kind.CONFLICT, "totp_already_enabled", "An authenticator app is already set up for this account.");
		}

	}

	static final class TotpNotEnabled extends Failure {

		TotpNotEnabled() {
			super(Kind.NOT_FOUND, "totp_not_enabled", "No authenticator app is set up for this account.");
		}

	}

	static final class TotpNotStarted extends Failure {

		TotpNotStarted() {
			super(Kind.INVALID, "mfa_code_invalid", "Start the setup with POST /users/me/mfa/totp first.");
		}

	}

	static final class RecentSignInRequired extends Failure {

		RecentSignInRequired() {
			super(Kind.FORBIDDEN, "recent_sign_in_required",
					"Sign in again, then set up the second factor within STEP_UP_MAX_AGE_MINUTES.");
		}

	}

	static final class StepUpRequired extends Failure {

		StepUpRequired() {
			super(Kind.FORBIDDEN, "step_up_required",
					"Prove your second factor again with POST /auth/mfa/step-up, then retry.");
		}

	}

	static final class MfaNotEnabled extends Failure {

		MfaNotEnabled() {
			super(Kind.NOT_FOUND, "mfa_not_enabled",
					"This account has no second factor: set up an authenticator app or a passkey first.");
		}

	}

	/** A passkey's answer that proves nothing at sign-in: not authenticated. */
	static final class PasskeyRefused extends Failure {

		PasskeyRefused() {
			super(Kind.UNAUTHENTICATED, "passkey_invalid",
					"The passkey's answer is not valid here: ask for new options and try again.");
		}

	}

	/** A passkey's answer that proves nothing, from a signed-in user. */
	static final class PasskeyInvalid extends Failure {

		PasskeyInvalid() {
			super(Kind.INVALID, "passkey_invalid",
					"The passkey's answer is not valid here: ask for new options and try again.");
		}

	}

	static final class PasskeyNotFound extends Failure {

		PasskeyNotFound() {
			super(Kind.NOT_FOUND, "passkey_not_found", "This account has no such passkey.");
		}

	}

	static final class PasskeyAlreadyRegistered extends Failure {

		PasskeyAlreadyRegistered() {
			super(Kind.CONFLICT, "passkey_already_registered", "This passkey is registered already.");
		}

	}

	static final class NoPasskeys extends Failure {

		NoPasskeys() {
			super(Kind.NOT_FOUND, "passkey_not_enabled", "This account has no passkey.");
		}

	}

}
