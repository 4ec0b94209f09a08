package dev.latchkey.mfa;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Which second factors an account has: an authenticator app, passkeys, or both. An
 * account with any of them is asked for one at sign-in after its password, and before its
 * sensitive changes; its recovery codes stand in for any of them.
 */
@Component
class AccountFactors {

	static final String TOTP = "totp";

	static final String RECOVERY_CODE = "recovery_code";

	static final String PASSKEY = "passkey";

	private final TotpSecrets totp;

	private final Passkeys passkeys;

	AccountFactors(TotpSecrets totp, Passkeys passkeys) {
		this.totp = totp;
		this.passkeys = passkeys;
	}

	/**
	 * What can prove the second factor of this account, in the order a frontend offers
	 * them; empty when the account has no second factor.
	 */
	List<String> methods(UUID userId) {
		boolean totp = this.totp.enabled(userId);
		boolean passkeys = this.passkeys.count(userId) > 0;
		List<String> methods = new ArrayList<>(3);
		if (totp) {
			methods.add(TOTP);
		}
		if (totp || passkeys) {
			methods.add(RECOVERY_CODE);
		}
		if (passkeys) {
			methods.add(PASSKEY);
		}
		return List.copyOf(methods);
	}

	/** Whether sign-in and sensitive changes of this account need a second factor. */
	boolean any(UUID userId) {
		return this.totp.enabled(userId) || this.passkeys.count(userId) > 0;
	}

}
