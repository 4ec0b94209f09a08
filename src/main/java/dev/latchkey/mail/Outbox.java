package dev.latchkey.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code mail_outbox} table, in SQL: it is a queue, read and written by a handful of
 * statements that lean on PostgreSQL ({@code FOR UPDATE SKIP LOCKED},
 * {@code UPDATE ... RETURNING}), so it has no entity. Every time is a parameter taken
 * from the application's clock, never the database's {@code now()}, so tests can move
 * time. Statements run in the caller's transaction when there is one (the send), else
 * each commits on its own.
 */
@Repository
class Outbox {

	private final JdbcClient jdbc;

	Outbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, byte[] payload, Instant now) {
		this.jdbc.sql("""
				insert into mail_outbox (id, payload, created_at, attempts, next_attempt_at)
				values (:id, :payload, :now, 0, :now)
				""").param("id", id).param("payload", payload).param("now", timestamp(now)).update();
	}

	/**
	 * Claims up to {@code limit} due mails for {@code claim}, oldest first, counting an
	 * attempt for each: rows another instance is claiming at the same moment are skipped,
	 * not waited for, and a claimed row is left alone by every instance until its claim
	 * runs out. Must run in a transaction of its own, committed before anything is sent.
	 */
	List<ClaimedMail> claim(Instant now, Duration claim, int limit) {
		return this.jdbc.sql("""
				update mail_outbox
				   set claimed_until = :claimedUntil, attempts = attempts + 1
				 where id in (select id from mail_outbox
				               where sent_at is null and given_up_at is null
				                 and next_attempt_at <= :now
				                 and (claimed_until is null or claimed_until < :now)
				               order by created_at
				               limit :limit
				               for update skip locked)
				returning id, payload, created_at, attempts, claimed_until
				""")
			.param("now", timestamp(now))
			.param("claimedUntil", timestamp(now.plus(claim)))
			.param("limit", limit)
			.query(Outbox::claimed)
			.list()
			.stream()
			// RETURNING comes in no particular order.
			.sorted(Comparator.comparing(ClaimedMail::createdAt))
			.toList();
	}

	void markSent(UUID id, Instant now) {
		this.jdbc.sql("""
				update mail_outbox
				   set sent_at = :now, payload = null, claimed_until = null, last_error = null
				 where id = :id and sent_at is null
				""").param("id", id).param("now", timestamp(now)).update();
	}

	void markFailed(UUID id, Instant nextAttemptAt, String error) {
		this.jdbc.sql("""
				update mail_outbox
				   set next_attempt_at = :next, claimed_until = null, last_error = :error
				 where id = :id and sent_at is null
				""").param("id", id).param("next", timestamp(nextAttemptAt)).param("error", error).update();
	}

	/** A mail that will never be sent keeps no payload either. */
	void markGivenUp(UUID id, Instant now, String error) {
		this.jdbc.sql("""
				update mail_outbox
				   set given_up_at = :now, payload = null, claimed_until = null, last_error = :error
				 where id = :id and sent_at is null
				""").param("id", id).param("now", timestamp(now)).param("error", error).update();
	}

	/** The mails neither sent nor given up: waiting, failing or being sent. */
	long depth() {
		return this.jdbc.sql("select count(*) from mail_outbox where sent_at is null and given_up_at is null")
			.query(Long.class)
			.single();
	}

	private static ClaimedMail claimed(ResultSet row, int rowNumber) throws SQLException {
		return new ClaimedMail(row.getObject("id", UUID.class), row.getBytes("payload"),
				row.getObject("created_at", OffsetDateTime.class).toInstant(), row.getInt("attempts"),
				row.getObject("claimed_until", OffsetDateTime.class).toInstant());
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * A mail this instance holds the claim on.
	 *
	 * @param attempts how many times it has been claimed, this time included
	 */
	record ClaimedMail(UUID id, byte[] payload, Instant createdAt, int attempts, Instant claimedUntil) {

		@Override
		public String toString() {
			return "ClaimedMail[id=" + this.id + ", attempts=" + this.attempts + "]";
		}

	}

}
