package dev.latchkey.mfa;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.latchkey.auth.SignInResult.StepRequired;
import dev.latchkey.auth.SignInStep;
import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.sessions.SignInFactors;
import dev.latchkey.users.AuthenticatedUser;

/**
 * After a correct password, an account with a second factor gets a challenge instead of a
 * session: a code (POST /auth/mfa/verify) or a passkey (POST /auth/mfa/passkey) finishes
 * the sign-in. A password reset changes nothing here, so it never bypasses the factor. A
 * sign-in that proved a second factor already (a passkey, which verified its user) goes
 * on.
 */
@Component
class SecondFactorStep implements SignInStep {

	private final AccountFactors factors;

	private final MfaChallenges challenges;

	SecondFactorStep(AccountFactors factors, MfaChallenges challenges) {
		this.factors = factors;
		this.challenges = challenges;
	}

	@Override
	public Optional<StepRequired> require(AuthenticatedUser user, SignInFactors proved, ClientInfo client) {
		if (proved.secondFactorAt() != null) {
			return Optional.empty();
		}
		List<String> methods = this.factors.methods(user.user().id());
		if (methods.isEmpty()) {
			return Optional.empty();
		}
		MfaChallenges.Issued issued = this.challenges.issue(user.user().id(), user.credentialVersion());
		return Optional.of(new StepRequired(methods, issued.token(), issued.expiresAt()));
	}

}
