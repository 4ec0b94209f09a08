package dev.latchkey.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.SecretKey;

import org.springframework.stereotype.Component;

import dev.latchkey.config.ServerSecret;

/**
 * Device cookies, as OWASP describes them against account lockout: a device that signed
 * in to an account successfully is given a cookie that names the device (a random id) and
 * is bound to that account by an HMAC under a key derived from SECRET_KEY. Its next login
 * to that account is judged by the device's own bucket of failures, so that guesses
 * against the account from anywhere else never lock its owner out. Nothing is stored: the
 * cookie proves itself, and it says nothing about the account to whoever reads it.
 */
@Component
class TrustedDevices {

	private static final int ID_BYTES = 16;

	private static final int MAC_BYTES = 32;

	/** 48 bytes are exactly 64 Base64 characters, so every cookie has one spelling. */
	private static final int COOKIE_LENGTH = (ID_BYTES + MAC_BYTES) / 3 * 4;

	private final SecretKey key;

	private final SecureRandom random = new SecureRandom();

	TrustedDevices(ServerSecret secret) {
		this.key = secret.derive("device-cookie");
	}

	/** A new device cookie value for a device that has just signed in to the account. */
	String issue(String normalizedEmail) {
		byte[] id = new byte[ID_BYTES];
		this.random.nextBytes(id);
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(ByteBuffer.allocate(ID_BYTES + MAC_BYTES).put(id).put(mac(id, normalizedEmail)).array());
	}

	/**
	 * The device's id when the cookie is one this service issued for this account; empty
	 * for anything else, so the attempt is judged as coming from an unknown device.
	 */
	Optional<String> recognise(String cookie, String normalizedEmail) {
		if (cookie.length() != COOKIE_LENGTH) {
			return Optional.empty();
		}
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(cookie);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		byte[] id = Arrays.copyOf(bytes, ID_BYTES);
		byte[] mac = Arrays.copyOfRange(bytes, ID_BYTES, bytes.length);
		if (!MessageDigest.isEqual(mac, mac(id, normalizedEmail))) {
			return Optional.empty();
		}
		return Optional.of(HexFormat.of().formatHex(id));
	}

	private byte[] mac(byte[] id, String normalizedEmail) {
		return ServerSecret.hmac(this.key, id, normalizedEmail.getBytes(StandardCharsets.UTF_8));
	}

}
