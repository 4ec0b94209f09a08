package dev.latchkey.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.latchkey.config.DatabaseSettings;
import dev.latchkey.config.SecretSettings;
import dev.latchkey.config.ServerSecret;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Outbox payloads: sealed with a fresh nonce each time, readable with the same secret and
 * mail id only, and never containing their plaintext.
 */
class OutboxCipherTest {

	private static final byte[] PLAINTEXT = new OutgoingMail("someone@example.com", "Reset your password",
			"https://app.example.com/reset?token=secret-token", "<p>html</p>")
		.toBytes();

	private final OutboxCipher cipher = cipher(IntegrationTest.SECRET_KEY);

	@Test
	void payloadWhenDecryptedThenTheSameMail() throws GeneralSecurityException {
		UUID id = UUID.randomUUID();

		OutgoingMail mail = OutgoingMail.fromBytes(this.cipher.decrypt(id, this.cipher.encrypt(id, PLAINTEXT)));

		assertThat(mail).isEqualTo(OutgoingMail.fromBytes(PLAINTEXT));
		assertThat(mail.to()).isEqualTo("someone@example.com");
		assertThat(mail.text()).isEqualTo("https://app.example.com/reset?token=secret-token");
	}

	@Test
	void payloadHoldsNothingInClearAndDiffersEachTime() {
		UUID id = UUID.randomUUID();

		byte[] first = this.cipher.encrypt(id, PLAINTEXT);
		byte[] second = this.cipher.encrypt(id, PLAINTEXT);

		assertThat(first).isNotEqualTo(second);
		assertThat(first).hasSize(12 + PLAINTEXT.length + 16);
		String asText = new String(first, StandardCharsets.ISO_8859_1);
		assertThat(asText).doesNotContain("someone").doesNotContain("secret-token").doesNotContain("Reset");
	}

	@Test
	void payloadWhenOnAnotherRowThenRefused() {
		byte[] payload = this.cipher.encrypt(UUID.randomUUID(), PLAINTEXT);

		assertThatExceptionOfType(GeneralSecurityException.class)
			.isThrownBy(() -> this.cipher.decrypt(UUID.randomUUID(), payload));
	}

	@Test
	void payloadWhenAlteredOrUnderAnotherSecretThenRefused() {
		UUID id = UUID.randomUUID();
		byte[] payload = this.cipher.encrypt(id, PLAINTEXT);
		byte[] altered = payload.clone();
		altered[20] ^= 1;

		assertThatExceptionOfType(GeneralSecurityException.class).isThrownBy(() -> this.cipher.decrypt(id, altered));
		assertThatExceptionOfType(GeneralSecurityException.class)
			.isThrownBy(() -> cipher("another-server-secret-0123456789abcdef").decrypt(id, payload));
		assertThatExceptionOfType(GeneralSecurityException.class)
			.isThrownBy(() -> this.cipher.decrypt(id, new byte[10]));
	}

	private static OutboxCipher cipher(String secretKey) {
		return new OutboxCipher(new ServerSecret(new SecretSettings(secretKey),
				new DatabaseSettings("postgresql://unused", java.nio.file.Path.of("unused"))));
	}

}
