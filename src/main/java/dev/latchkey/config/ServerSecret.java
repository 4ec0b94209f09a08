package dev.latchkey.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * SECRET_KEY (or, in zero-setup mode, the generated key), resolved once, and the keys
 * derived from it. Access tokens are signed with the secret itself, as the template's
 * are; everything else (refresh tokens, device cookies, rate-limit bucket ids) uses a key
 * of its own, derived for its purpose, so that no two uses can be confused and none of
 * them weakens the JWT key.
 */
@Component
public class ServerSecret {

	private static final String HMAC = "HmacSHA256";

	private final byte[] secret;

	public ServerSecret(SecretSettings secret, DatabaseSettings database) {
		this.secret = GeneratedSecretKey.resolve(secret, database).getBytes(StandardCharsets.UTF_8);
	}

	/** The secret's bytes, for signing access tokens. */
	public byte[] signingKey() {
		return this.secret.clone();
	}

	/**
	 * A key for one purpose: HMAC(secret, "latchkey:" + purpose), the expand step of HKDF
	 * with a single block. The same secret and purpose always give the same key, so every
	 * instance derives the same one.
	 * @param purpose a fixed label such as {@code mail-outbox}
	 */
	SecretKey derive(String purpose) {
		Mac mac = HmacKey.newMac(new SecretKeySpec(this.secret, HMAC));
		byte[] derived = mac.doFinal(("latchkey:" + purpose).getBytes(StandardCharsets.UTF_8));
		try {
			return new SecretKeySpec(derived, HMAC);
		}
		finally {
			Arrays.fill(derived, (byte) 0);
		}
	}

	/**
	 * The key {@link #derive} gives for a purpose, ready to sign with HMAC-SHA256.
	 * @param purpose a fixed label such as {@code refresh-token}
	 */
	public HmacKey hmacKey(String purpose) {
		return new HmacKey(derive(purpose));
	}

	@Override
	public String toString() {
		return "ServerSecret[****]";
	}

}
