package dev.latchkey.config;

import java.util.Base64;
import java.util.Optional;

/**
 * The URL-safe Base64 form of the values this service signs and reads back (refresh
 * tokens, device cookies). Their lengths are multiples of 3 bytes, so each value has
 * exactly one spelling, without padding, and anything of another length is refused before
 * decoding.
 */
public final class OpaqueValues {

	private OpaqueValues() {
	}

	public static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The bytes of a value of exactly {@code length} bytes; empty for anything else. */
	public static Optional<byte[]> decode(String text, int length) {
		if (length % 3 != 0 || text.length() != length / 3 * 4) {
			return Optional.empty();
		}
		try {
			return Optional.of(Base64.getUrlDecoder().decode(text));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
