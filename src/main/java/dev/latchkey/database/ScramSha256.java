package dev.latchkey.database;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 verifiers in the form PostgreSQL keeps in {@code pg_authid.rolpassword}
 * ({@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, RFC 7677), so that
 * the embedded cluster's password can be set and checked without sending it anywhere.
 * Only for the passwords Latchkey generates: printable ASCII, which SASLprep leaves as it
 * is.
 */
final class ScramSha256 {

	private static final Pattern VERIFIER = Pattern
		.compile("SCRAM-SHA-256\\$(\\d{1,7}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");

	/** PostgreSQL's default (scram_iterations). */
	private static final int ITERATIONS = 4096;

	private static final SecureRandom random = new SecureRandom();

	private ScramSha256() {
	}

	/** A new verifier for the password, with a random salt. */
	static String verifier(String password) {
		byte[] salt = new byte[16];
		random.nextBytes(salt);
		Keys keys = Keys.of(password, salt, ITERATIONS);
		Base64.Encoder base64 = Base64.getEncoder();
		return "SCRAM-SHA-256$" + ITERATIONS + ":" + base64.encodeToString(salt) + "$"
				+ base64.encodeToString(keys.storedKey()) + ":" + base64.encodeToString(keys.serverKey());
	}

	/** Whether a client with this password passes SCRAM against the verifier. */
	static boolean matches(String verifier, String password) {
		Matcher parts = VERIFIER.matcher(verifier);
		if (!parts.matches()) {
			return false;
		}
		Base64.Decoder base64 = Base64.getDecoder();
		try {
			Keys keys = Keys.of(password, base64.decode(parts.group(2)), Integer.parseInt(parts.group(1)));
			return MessageDigest.isEqual(keys.storedKey(), base64.decode(parts.group(3)))
					&& MessageDigest.isEqual(keys.serverKey(), base64.decode(parts.group(4)));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private record Keys(byte[] storedKey, byte[] serverKey) {

		static Keys of(String password, byte[] salt, int iterations) {
			try {
				byte[] saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
					.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
					.getEncoded();
				byte[] clientKey = hmac(saltedPassword, "Client Key");
				return new Keys(MessageDigest.getInstance("SHA-256").digest(clientKey),
						hmac(saltedPassword, "Server Key"));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("This JVM lacks PBKDF2WithHmacSHA256 or HmacSHA256", ex);
			}
		}

		private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
		}

	}

}
