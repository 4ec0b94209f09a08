package dev.latchkey.users;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How an address is compared: trimmed and case-insensitive, so one address is one
 * account.
 */
public final class Emails {

	/** RFC 5321's limit for a whole address. */
	public static final int MAX_LENGTH = 254;

	private Emails() {
	}

	public static @Nullable String trim(@Nullable String email) {
		return (email != null) ? email.strip() : null;
	}

	public static String normalize(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

}
