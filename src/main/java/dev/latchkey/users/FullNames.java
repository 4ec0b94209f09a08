package dev.latchkey.users;

import org.jspecify.annotations.Nullable;

/** How a full name is stored: trimmed, and a blank one is no name at all. */
public final class FullNames {

	/** The length of the users.full_name column, in characters (Unicode code points). */
	public static final int MAX_LENGTH = 255;

	private FullNames() {
	}

	/**
	 * The stored form of a full name a client sent, for a request record's compact
	 * constructor, so that validation checks what is stored.
	 * @return null for null or blank, else the name trimmed
	 */
	public static @Nullable String normalize(@Nullable String fullName) {
		return (fullName == null || fullName.isBlank()) ? null : fullName.strip();
	}

}
