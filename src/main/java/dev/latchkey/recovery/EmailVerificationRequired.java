package dev.latchkey.recovery;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.latchkey.auth.SignInResult.StepRequired;
import dev.latchkey.auth.SignInStep;
import dev.latchkey.failures.Failure;
import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.sessions.SignInFactors;
import dev.latchkey.users.AuthenticatedUser;

/**
 * With REQUIRE_EMAIL_VERIFICATION, an account that has not proved its address is refused
 * at sign-in, and only after its correct password, so that the refusal says nothing to
 * whoever does not know the password.
 */
@Component
class EmailVerificationRequired implements SignInStep {

	private final boolean required;

	EmailVerificationRequired(RecoverySettings settings) {
		this.required = settings.requireEmailVerification();
	}

	@Override
	public Optional<StepRequired> require(AuthenticatedUser user, SignInFactors factors, ClientInfo client) {
		if (this.required && !user.user().isVerified()) {
			throw new EmailNotVerified();
		}
		return Optional.empty();
	}

	static final class EmailNotVerified extends Failure {

		EmailNotVerified() {
			super(Kind.FORBIDDEN, "email_not_verified",
					"This account's email is not verified yet; follow the link in the verification mail.");
		}

	}

}
