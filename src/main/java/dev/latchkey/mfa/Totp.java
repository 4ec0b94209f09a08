package dev.latchkey.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as authenticator apps compute them: HMAC-SHA1,
 * 30-second steps from the Unix epoch, 6 digits, and a code of the step before or after
 * accepted too, for clocks that drift and users who type slowly.
 */
final class Totp {

	static final int DIGITS = 6;

	static final long STEP_SECONDS = 30;

	/** Steps either side of the current one whose codes are accepted. */
	static final int WINDOW = 1;

	private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

	private Totp() {
	}

	static long step(Instant time) {
		return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
	}

	/** The code of one step (RFC 4226's HOTP of the step), with {@code digits} digits. */
	static String code(byte[] secret, long step, int digits) {
		byte[] hash;
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret, "HmacSHA1"));
			hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has HmacSHA1", ex);
		}
		int offset = hash[hash.length - 1] & 0x0f;
		int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
				| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
		String code = Integer.toString(binary % POWERS[digits]);
		return "0".repeat(digits - code.length()) + code;
	}

	/**
	 * The step whose code this is, within the window around {@code now}; empty when it is
	 * none of them. Every step of the window is computed and compared in constant time,
	 * so the time of the answer does not tell which step matched.
	 */
	static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
		if (code.length() != DIGITS || !code.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return OptionalLong.empty();
		}
		long current = step(now);
		long matched = Long.MIN_VALUE;
		for (long step = current - WINDOW; step <= current + WINDOW; step++) {
			if (MessageDigest.isEqual(code(secret, step, DIGITS).getBytes(StandardCharsets.US_ASCII),
					code.getBytes(StandardCharsets.US_ASCII))) {
				matched = step;
			}
		}
		return (matched == Long.MIN_VALUE) ? OptionalLong.empty() : OptionalLong.of(matched);
	}

}
