package dev.latchkey.users;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How an address is stored and compared: trimmed and lower-cased, so one address is one
 * account. Lower-casing can lengthen an address ({@code İ}, U+0130, becomes {@code i} and
 * U+0307), so requests validate the normalised form, the one that is stored: see
 * {@link #normalizeNullable}.
 */
public final class Emails {

	/** RFC 5321's limit for a whole address, and the length of the users.email column. */
	public static final int MAX_LENGTH = 254;

	private Emails() {
	}

	/**
	 * The stored form of an address a client sent, for a request record's compact
	 * constructor, so that {@code @Email} and the length limit check what is stored.
	 * @return null for null, else {@link #normalize}
	 */
	public static @Nullable String normalizeNullable(@Nullable String email) {
		return (email != null) ? normalize(email) : null;
	}

	/**
	 * Trimmed and lower-cased (Locale.ROOT). Normalising twice gives the same as once, so
	 * an address normalised by its request can be normalised again.
	 */
	public static String normalize(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

}
