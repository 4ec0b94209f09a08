package dev.latchkey.auth;

import java.util.Locale;

/** Why a session ended, as kept in {@code sessions.revoked_reason} and in security events. */
enum RevocationReason {

	LOGOUT, LOGOUT_ALL, REFRESH_TOKEN_REUSED;

	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
