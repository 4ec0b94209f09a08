package dev.latchkey.mfa;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.latchkey.config.HmacKey;
import dev.latchkey.config.ServerSecret;

/**
 * The {@code webauthn_challenges} table: the random challenges that passkey options
 * carry, waiting for the authenticator's signed answer. They live in PostgreSQL, not in
 * an HTTP session, so any instance can finish a ceremony another began. Each is kept as
 * an HMAC only, serves one {@link Purpose} for one user (or for whoever answers, at a
 * passkey sign-in), lasts {@link #LIFETIME}, and is used once: the answer deletes the row
 * in the statement that finds it, so two answers to one challenge cannot both pass.
 */
@Component
class WebAuthnChallenges {

	static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final int CHALLENGE_BYTES = 32;

	private final JdbcClient jdbc;

	private final HmacKey digestKey;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	WebAuthnChallenges(JdbcClient jdbc, ServerSecret secret, Clock clock) {
		this.jdbc = jdbc;
		this.digestKey = secret.hmacKey("webauthn-challenge");
		this.clock = clock;
	}

	/** A new challenge for this purpose; {@code userId} null when anyone may answer. */
	byte[] issue(Purpose purpose, @Nullable UUID userId) {
		byte[] challenge = new byte[CHALLENGE_BYTES];
		this.random.nextBytes(challenge);
		this.jdbc.sql("""
				insert into webauthn_challenges (digest, purpose, user_id, expires_at)
				values (:digest, :purpose, :userId, :expiresAt)""")
			.param("digest", this.digestKey.sign(challenge))
			.param("purpose", purpose.name())
			.param("userId", userId)
			.param("expiresAt", Timestamp.from(this.clock.instant().plus(LIFETIME)))
			.update();
		return challenge;
	}

	/**
	 * Uses the challenge up: false when it was not issued for this purpose and user, has
	 * expired, or was used already.
	 */
	boolean consume(byte[] challenge, Purpose purpose, @Nullable UUID userId) {
		return this.jdbc.sql("""
				delete from webauthn_challenges
				where digest = :digest and purpose = :purpose and user_id is not distinct from :userId
				  and expires_at > :now""")
			.param("digest", this.digestKey.sign(challenge))
			.param("purpose", purpose.name())
			.param("userId", userId)
			.param("now", Timestamp.from(this.clock.instant()))
			.update() == 1;
	}

	@Scheduled(fixedDelayString = "${latchkey.mfa.cleanup-interval}",
			initialDelayString = "${latchkey.mfa.cleanup-interval}")
	void deleteExpired() {
		this.jdbc.sql("delete from webauthn_challenges where expires_at <= :now")
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

	/** What a challenge was issued for: an answer made for one never serves another. */
	enum Purpose {

		/** Adding a passkey to a signed-in account. */
		REGISTRATION,

		/** Signing in with a passkey alone. */
		SIGN_IN,

		/** A passkey as the second step of a sign-in with a password. */
		SECOND_FACTOR,

		/** A passkey proving the second factor again for a session. */
		STEP_UP

	}

}
