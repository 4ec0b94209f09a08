package dev.latchkey.mfa;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.latchkey.config.SealedBox;
import dev.latchkey.config.ServerSecret;

/**
 * The {@code totp_credentials} table: each account's TOTP secret, sealed for its user id,
 * pending until its first code confirms it. A code is accepted at most once: accepting
 * one moves the account's last used step forward in a conditional update, which of two
 * racing requests with one code only one passes.
 */
@Component
class TotpSecrets {

	/** 160 bits, the size RFC 4226 recommends and every authenticator app reads. */
	private static final int SECRET_BYTES = 20;

	private final JdbcClient jdbc;

	private final SealedBox box;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	TotpSecrets(JdbcClient jdbc, ServerSecret secret, MfaSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.box = settings.encryptionKey().isEmpty() ? SealedBox.derived(secret, "mfa-totp-secret")
				: new SealedBox(sha256(settings.encryptionKey()));
		this.clock = clock;
	}

	/** A new pending secret for the account, replacing a pending one; answers it. */
	byte[] startEnrolment(UUID userId) {
		byte[] secret = new byte[SECRET_BYTES];
		this.random.nextBytes(secret);
		this.jdbc.sql("""
				insert into totp_credentials (user_id, secret, created_at) values (:userId, :secret, :now)
				on conflict (user_id) do update set secret = excluded.secret, created_at = excluded.created_at,
					last_used_step = null
				where totp_credentials.confirmed_at is null""")
			.param("userId", userId)
			.param("secret", this.box.seal(userId, secret))
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		return secret;
	}

	/** The account's secret, confirmed or pending. */
	Optional<Credential> find(UUID userId) {
		return this.jdbc
			.sql("select secret, confirmed_at is not null as confirmed from totp_credentials "
					+ "where user_id = :userId")
			.param("userId", userId)
			.query((row, n) -> new Credential(open(userId, row.getBytes("secret")), row.getBoolean("confirmed")))
			.optional();
	}

	boolean enabled(UUID userId) {
		return this.jdbc
			.sql("select count(*) from totp_credentials where user_id = :userId and confirmed_at is not null")
			.param("userId", userId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Accepts the code of this step for the account, once: false when a code of this step
	 * or a later one was accepted already. A pending secret's first accepted code
	 * confirms it.
	 */
	boolean accept(UUID userId, long step) {
		return this.jdbc.sql("""
				update totp_credentials set last_used_step = :step, confirmed_at = coalesce(confirmed_at, :now)
				where user_id = :userId and (last_used_step is null or last_used_step < :step)""")
			.param("userId", userId)
			.param("step", step)
			.param("now", Timestamp.from(this.clock.instant()))
			.update() == 1;
	}

	boolean delete(UUID userId) {
		return this.jdbc.sql("delete from totp_credentials where user_id = :userId")
			.param("userId", userId)
			.update() == 1;
	}

	private byte[] open(UUID userId, byte[] sealed) {
		try {
			return this.box.open(userId, sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A TOTP secret does not open: MFA_ENCRYPTION_KEY (or SECRET_KEY, "
					+ "when it is unset) is not the key it was sealed with", ex);
		}
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	/** An account's secret, and whether a code has confirmed it. */
	record Credential(byte[] secret, boolean confirmed) {

		@Override
		public String toString() {
			return "Credential[confirmed=" + this.confirmed + "]";
		}

	}

}
