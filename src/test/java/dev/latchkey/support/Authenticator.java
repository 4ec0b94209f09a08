package dev.latchkey.support;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tests' authenticator app: the six-digit TOTP code of a Base32 secret at a given
 * time (HMAC-SHA1, 30-second steps), written apart from the application's own, as a real
 * app is.
 */
public final class Authenticator {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private Authenticator() {
	}

	/** The code the app shows at {@code time}. */
	public static String code(String base32Secret, Instant time) {
		return codeOfStep(decode(base32Secret), Math.floorDiv(time.getEpochSecond(), 30));
	}

	/** A code that none of the steps around {@code time} has, so it is refused. */
	public static String wrongCode(String base32Secret, Instant time) {
		byte[] secret = decode(base32Secret);
		long step = Math.floorDiv(time.getEpochSecond(), 30);
		List<String> window = new ArrayList<>();
		for (long nearby = step - 2; nearby <= step + 2; nearby++) {
			window.add(codeOfStep(secret, nearby));
		}
		for (int candidate = 0;; candidate++) {
			String code = String.format("%06d", candidate);
			if (!window.contains(code)) {
				return code;
			}
		}
	}

	private static String codeOfStep(byte[] secret, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[19] & 0xf;
			int value = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
			return String.format("%06d", value % 1_000_000);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The secret's bytes, as the app reads them from the Base32 text. */
	public static byte[] decode(String base32) {
		byte[] bytes = new byte[base32.length() * 5 / 8];
		int buffer = 0;
		int bits = 0;
		int index = 0;
		for (char c : base32.toCharArray()) {
			buffer = (buffer << 5) | ALPHABET.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				bytes[index++] = (byte) (buffer >> (bits - 8));
				bits -= 8;
			}
		}
		return bytes;
	}

}
