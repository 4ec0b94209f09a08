package dev.latchkey.recovery;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.latchkey.config.HmacKey;
import dev.latchkey.config.OpaqueValues;
import dev.latchkey.config.ServerSecret;

/**
 * The single-use tokens that mails carry, in the {@code one_time_tokens} table. A token
 * is 264 random bits, URL-safe; the table holds only its HMAC under a key derived for
 * this purpose, so neither a copy of the database nor a log of its statements can be used
 * to reset a password. A use deletes the row in the statement that reads it, so of two
 * racing uses one wins.
 */
@Component
class MailedTokens {

	/** 33 bytes: a multiple of 3, so the Base64 form has one spelling and no padding. */
	private static final int TOKEN_BYTES = 33;

	private final JdbcClient jdbc;

	private final HmacKey digestKey;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	MailedTokens(JdbcClient jdbc, ServerSecret secret, Clock clock) {
		this.jdbc = jdbc;
		this.digestKey = secret.hmacKey("mailed-token");
		this.clock = clock;
	}

	/**
	 * Stores a new token for one purpose and one user, in the caller's transaction, and
	 * answers it: the only time it exists in clear.
	 * @param newEmail the address an email-change token confirms; null for other purposes
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	String issue(TokenPurpose purpose, UUID userId, @Nullable String newEmail, Duration lifetime) {
		byte[] token = new byte[TOKEN_BYTES];
		this.random.nextBytes(token);
		Instant now = now();
		this.jdbc.sql("""
				insert into one_time_tokens (digest, purpose, user_id, new_email, created_at, expires_at)
				values (:digest, :purpose, :userId, :newEmail, :now, :expiresAt)""")
			.param("digest", digest(token))
			.param("purpose", purpose.column())
			.param("userId", userId)
			.param("newEmail", newEmail)
			.param("now", Timestamp.from(now))
			.param("expiresAt", Timestamp.from(now.plus(lifetime)))
			.update();
		return OpaqueValues.encode(token);
	}

	/**
	 * The token's row, if it exists for one of these purposes, without using it up: to
	 * refuse a wrong token before the costly work that a right one leads to.
	 */
	Optional<Redeemed> find(String token, Collection<TokenPurpose> purposes) {
		Optional<byte[]> bytes = OpaqueValues.decode(token, TOKEN_BYTES);
		if (bytes.isEmpty()) {
			return Optional.empty();
		}
		return this.jdbc.sql("""
				select user_id, purpose, new_email, expires_at from one_time_tokens
				where digest = :digest and purpose in (:purposes)""")
			.param("digest", digest(bytes.get()))
			.param("purposes", columns(purposes))
			.query(MailedTokens::redeemed)
			.optional();
	}

	/**
	 * Uses the token up, in the caller's transaction: deletes its row and answers what it
	 * was for, or nothing when there is no such token for these purposes, or another
	 * request used it first. An expired token is used up too; the caller refuses it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Redeemed> redeem(String token, Collection<TokenPurpose> purposes) {
		Optional<byte[]> bytes = OpaqueValues.decode(token, TOKEN_BYTES);
		if (bytes.isEmpty()) {
			return Optional.empty();
		}
		return this.jdbc.sql("""
				delete from one_time_tokens where digest = :digest and purpose in (:purposes)
				returning user_id, purpose, new_email, expires_at""")
			.param("digest", digest(bytes.get()))
			.param("purposes", columns(purposes))
			.query(MailedTokens::redeemed)
			.optional();
	}

	/** Ends every outstanding token of the user for this purpose. */
	@Transactional(propagation = Propagation.MANDATORY)
	int endOutstanding(UUID userId, TokenPurpose purpose) {
		return this.jdbc.sql("delete from one_time_tokens where user_id = :userId and purpose = :purpose")
			.param("userId", userId)
			.param("purpose", purpose.column())
			.update();
	}

	/** Deletes the tokens that expired unused. */
	@Transactional
	int deleteExpired() {
		return this.jdbc.sql("delete from one_time_tokens where expires_at <= :now")
			.param("now", Timestamp.from(now()))
			.update();
	}

	boolean expired(Redeemed redeemed) {
		return !redeemed.expiresAt().isAfter(now());
	}

	private byte[] digest(byte[] token) {
		return this.digestKey.sign(token);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static List<String> columns(Collection<TokenPurpose> purposes) {
		return purposes.stream().map(TokenPurpose::column).toList();
	}

	private static Redeemed redeemed(ResultSet row, int rowNumber) throws SQLException {
		return new Redeemed(row.getObject("user_id", UUID.class), TokenPurpose.ofColumn(row.getString("purpose")),
				row.getString("new_email"), row.getTimestamp("expires_at").toInstant());
	}

	/** What a token was issued for. */
	record Redeemed(UUID userId, TokenPurpose purpose, @Nullable String newEmail, Instant expiresAt) {

		@Override
		public String toString() {
			return "Redeemed[userId=" + this.userId + ", purpose=" + this.purpose + "]";
		}

	}

}
