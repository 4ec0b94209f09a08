package dev.latchkey.mail;

import java.security.GeneralSecurityException;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.latchkey.config.SealedBox;
import dev.latchkey.config.ServerSecret;

/**
 * Encrypts outbox payloads under a key derived from the server secret for this purpose
 * alone, so the single-use links a mail carries never sit readable in the database or its
 * backups. The mail's id is authenticated with each payload, so a payload copied onto
 * another row does not decrypt. Every instance derives the same key, so any of them can
 * send what another queued; a changed SECRET_KEY leaves the waiting mails unreadable, and
 * the sender gives them up.
 */
@Component
class OutboxCipher {

	private final SealedBox box;

	OutboxCipher(ServerSecret secret) {
		this.box = SealedBox.derived(secret, "mail-outbox");
	}

	byte[] encrypt(UUID mailId, byte[] plaintext) {
		return this.box.seal(mailId, plaintext);
	}

	/**
	 * The plaintext of a payload sealed for this mail.
	 * @throws GeneralSecurityException when it was sealed under another key or for
	 * another mail, or was altered
	 */
	byte[] decrypt(UUID mailId, byte[] payload) throws GeneralSecurityException {
		return this.box.open(mailId, payload);
	}

	@Override
	public String toString() {
		return "OutboxCipher[****]";
	}

}
