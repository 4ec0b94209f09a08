package dev.latchkey.mfa;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.latchkey.config.HmacKey;
import dev.latchkey.config.OpaqueValues;
import dev.latchkey.config.ServerSecret;

/**
 * The {@code mfa_challenges} table: sign-ins whose password was right and that wait for
 * their second factor, named by the {@code mfa_challenge} cookie, whose HMAC is the key.
 * They live in PostgreSQL, not in an HTTP session, so any instance can finish what
 * another began; each lasts {@link #LIFETIME} and ends at its {@link #MAX_FAILURES}th
 * wrong code.
 */
@Component
class MfaChallenges {

	static final Duration LIFETIME = Duration.ofMinutes(5);

	static final int MAX_FAILURES = 5;

	private static final int TOKEN_BYTES = 33;

	private final JdbcClient jdbc;

	private final HmacKey digestKey;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	MfaChallenges(JdbcClient jdbc, ServerSecret secret, Clock clock) {
		this.jdbc = jdbc;
		this.digestKey = secret.hmacKey("mfa-challenge");
		this.clock = clock;
	}

	/** A new challenge for a user whose password (of this version) was just checked. */
	Issued issue(UUID userId, int credentialVersion) {
		byte[] token = new byte[TOKEN_BYTES];
		this.random.nextBytes(token);
		Instant expiresAt = this.clock.instant().plus(LIFETIME);
		this.jdbc.sql("""
				insert into mfa_challenges (digest, user_id, credential_version, expires_at)
				values (:digest, :userId, :version, :expiresAt)""")
			.param("digest", this.digestKey.sign(token))
			.param("userId", userId)
			.param("version", credentialVersion)
			.param("expiresAt", Timestamp.from(expiresAt))
			.update();
		return new Issued(OpaqueValues.encode(token), expiresAt);
	}

	/** The live challenge the cookie names. */
	Optional<Challenge> find(String token) {
		return digest(token).flatMap((digest) -> this.jdbc.sql("""
				select user_id, credential_version from mfa_challenges
				where digest = :digest and expires_at > :now""")
			.param("digest", digest)
			.param("now", Timestamp.from(this.clock.instant()))
			.query((row, n) -> new Challenge(row.getObject("user_id", UUID.class), row.getInt("credential_version")))
			.optional());
	}

	/** Counts a wrong code; the last one allowed ends the challenge. */
	void fail(String token) {
		digest(token).ifPresent((digest) -> {
			this.jdbc.sql("update mfa_challenges set failures = failures + 1 where digest = :digest")
				.param("digest", digest)
				.update();
			this.jdbc.sql("delete from mfa_challenges where digest = :digest and failures >= :max")
				.param("digest", digest)
				.param("max", MAX_FAILURES)
				.update();
		});
	}

	/** Ends the challenge: false when another request ended it first, or it expired. */
	boolean end(String token) {
		return digest(token)
			.map((digest) -> this.jdbc.sql("delete from mfa_challenges where digest = :digest and expires_at > :now")
				.param("digest", digest)
				.param("now", Timestamp.from(this.clock.instant()))
				.update() == 1)
			.orElse(false);
	}

	@Scheduled(fixedDelayString = "${latchkey.mfa.cleanup-interval}",
			initialDelayString = "${latchkey.mfa.cleanup-interval}")
	void deleteExpired() {
		this.jdbc.sql("delete from mfa_challenges where expires_at <= :now")
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

	private Optional<byte[]> digest(String token) {
		return OpaqueValues.decode(token, TOKEN_BYTES).map((bytes) -> this.digestKey.sign(bytes));
	}

	record Issued(String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "Issued[expiresAt=" + this.expiresAt + "]";
		}

	}

	record Challenge(UUID userId, int credentialVersion) {
	}

}
