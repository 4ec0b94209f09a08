package dev.latchkey.mail;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import dev.latchkey.config.ServerSecret;

/**
 * Encrypts outbox payloads with AES-256-GCM under a key derived from the server secret
 * for this purpose alone, so the single-use links a mail carries never sit readable in
 * the database or its backups. Each payload is a random 96-bit nonce followed by the
 * ciphertext and its 128-bit tag. The mail's id is authenticated with it, so a payload
 * copied onto another row does not decrypt. Every instance derives the same key, so any
 * of them can send what another queued; a changed SECRET_KEY leaves the waiting mails
 * unreadable, and the sender gives them up.
 */
@Component
class OutboxCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final SecureRandom random = new SecureRandom();

	OutboxCipher(ServerSecret secret) {
		byte[] derived = secret.derive("mail-outbox").getEncoded();
		try {
			this.key = new SecretKeySpec(derived, "AES");
		}
		finally {
			Arrays.fill(derived, (byte) 0);
		}
	}

	byte[] encrypt(UUID mailId, byte[] plaintext) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData(mailId));
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has AES-GCM", ex);
		}
	}

	/**
	 * The plaintext of a payload sealed for this mail.
	 * @throws GeneralSecurityException when it was sealed under another key or for
	 * another mail, or was altered
	 */
	byte[] decrypt(UUID mailId, byte[] payload) throws GeneralSecurityException {
		if (payload.length < NONCE_BYTES + TAG_BITS / 8) {
			throw new GeneralSecurityException("The payload is too short to be sealed");
		}
		Cipher cipher = Cipher.getInstance(TRANSFORMATION);
		cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
		cipher.updateAAD(associatedData(mailId));
		return cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
	}

	private static byte[] associatedData(UUID mailId) {
		return ByteBuffer.allocate(16)
			.putLong(mailId.getMostSignificantBits())
			.putLong(mailId.getLeastSignificantBits())
			.array();
	}

	@Override
	public String toString() {
		return "OutboxCipher[****]";
	}

}
