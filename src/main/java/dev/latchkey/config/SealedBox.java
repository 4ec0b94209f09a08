package dev.latchkey.config;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under one key, for values that must sit unreadable in the database and its
 * backups (outbox payloads, TOTP secrets). A sealed value is a random 96-bit nonce
 * followed by the ciphertext and its 128-bit tag. The caller names the id of the row the
 * value belongs to, which is authenticated with it, so a value copied onto another row
 * does not open.
 */
public final class SealedBox {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom random = new SecureRandom();

	private final SecretKey key;

	/** A box under a 256-bit key given as bytes, which are wiped once read. */
	public SealedBox(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("An AES-256 key has 32 bytes");
		}
		try {
			this.key = new SecretKeySpec(key, "AES");
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
	}

	/** A box under the key the server secret derives for this purpose. */
	public static SealedBox derived(ServerSecret secret, String purpose) {
		return new SealedBox(secret.derive(purpose).getEncoded());
	}

	public byte[] seal(UUID belongsTo, byte[] plaintext) {
		byte[] nonce = new byte[NONCE_BYTES];
		random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(bytes(belongsTo));
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has AES-GCM", ex);
		}
	}

	/**
	 * The plaintext of a value sealed for {@code belongsTo}.
	 * @throws GeneralSecurityException when it was sealed under another key or for
	 * something else, or was altered
	 */
	public byte[] open(UUID belongsTo, byte[] sealed) throws GeneralSecurityException {
		if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
			throw new GeneralSecurityException("The value is too short to be sealed");
		}
		Cipher cipher = Cipher.getInstance(TRANSFORMATION);
		cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
		cipher.updateAAD(bytes(belongsTo));
		return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
	}

	private static byte[] bytes(UUID id) {
		return ByteBuffer.allocate(16)
			.putLong(id.getMostSignificantBits())
			.putLong(id.getLeastSignificantBits())
			.array();
	}

	@Override
	public String toString() {
		return "SealedBox[****]";
	}

}
