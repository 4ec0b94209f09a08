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
 * After a correct password, an account with TOTP gets a challenge instead of a session:
 * POST /auth/mfa/verify with a code finishes the sign-in. A password reset changes
 * nothing here, so it never bypasses the factor.
 */
@Component
class SecondFactorStep implements SignInStep {

	static final List<String> METHODS = List.of("totp", "recovery_code");

	private final TotpSecrets totp;

	private final MfaChallenges challenges;

	SecondFactorStep(TotpSecrets totp, MfaChallenges challenges) {
		this.totp = totp;
		this.challenges = challenges;
	}

	@Override
	public Optional<StepRequired> require(AuthenticatedUser user, SignInFactors proved, ClientInfo client) {
		if (proved.secondFactorAt() != null || !this.totp.enabled(user.user().id())) {
			return Optional.empty();
		}
		MfaChallenges.Issued issued = this.challenges.issue(user.user().id(), user.credentialVersion());
		return Optional.of(new StepRequired(METHODS, issued.token(), issued.expiresAt()));
	}

}
