package dev.latchkey.mfa;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
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

	private final JdbcClient jdbc;

	AccountFactors(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * What can prove the second factor of this account, in the order a frontend offers
	 * them; empty when the account has no second factor.
	 */
	List<String> methods(UUID userId) {
		Present present = present(userId);
		boolean totp = present.totp();
		boolean passkeys = present.passkeys();
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
		Present present = present(userId);
		return present.totp() || present.passkeys();
	}

	/**
	 * Both answers in one query: every login asks, and a round trip more to the database
	 * is a measurable share of a login's work beside the password hash.
	 */
	private Present present(UUID userId) {
		return this.jdbc.sql("""
				select exists (select 1 from totp_credentials where user_id = :userId and confirmed_at is not null)
				         as totp,
				       exists (select 1 from passkeys where user_id = :userId) as passkeys""")
			.param("userId", userId)
			.query((row, n) -> new Present(row.getBoolean("totp"), row.getBoolean("passkeys")))
			.single();
	}

	/** A confirmed authenticator app; at least one passkey. */
	private record Present(boolean totp, boolean passkeys) {
	}

}
