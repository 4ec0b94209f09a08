package dev.latchkey.sessions;

import java.util.Locale;

/**
 * Why a session ended, as kept in {@code sessions.revoked_reason} and in security events.
 */
public enum RevocationReason {

	LOGOUT, LOGOUT_ALL, SIGNED_OUT_REMOTELY, REFRESH_TOKEN_REUSED, PASSWORD_CHANGED, ACCOUNT_DISABLED,

	/**
	 * The user opened more than MAX_SESSIONS_PER_USER sessions: the least recently used
	 * ended.
	 */
	SESSION_LIMIT;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
