package dev.latchkey.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.latchkey.config.HmacKey;
import dev.latchkey.config.OpaqueValues;
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

	private final HmacKey key;

	private final SecureRandom random = new SecureRandom();

	TrustedDevices(ServerSecret secret) {
		this.key = secret.hmacKey("device-cookie");
	}

	/** A new device cookie value for a device that has just signed in to the account. */
	String issue(String normalizedEmail) {
		byte[] id = new byte[ID_BYTES];
		this.random.nextBytes(id);
		return OpaqueValues
			.encode(ByteBuffer.allocate(ID_BYTES + MAC_BYTES).put(id).put(mac(id, normalizedEmail)).array());
	}

	/**
	 * The device's id when the cookie is one this service issued for this account; empty
	 * for anything else, so the attempt is judged as coming from an unknown device.
	 */
	Optional<String> recognise(String cookie, String normalizedEmail) {
		return OpaqueValues.decode(cookie, ID_BYTES + MAC_BYTES)
			.filter((bytes) -> MessageDigest.isEqual(Arrays.copyOfRange(bytes, ID_BYTES, bytes.length),
					mac(Arrays.copyOf(bytes, ID_BYTES), normalizedEmail)))
			.map((bytes) -> HexFormat.of().formatHex(bytes, 0, ID_BYTES));
	}

	private byte[] mac(byte[] id, String normalizedEmail) {
		return this.key.sign(id, normalizedEmail.getBytes(StandardCharsets.UTF_8));
	}

}
