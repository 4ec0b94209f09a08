package dev.latchkey.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes sessions that can never be used again: those whose refresh tokens have all
 * expired. A revoked session is kept until then, so that a spent token of it is still
 * recognised as reuse.
 * <p>
 * A round deletes in batches of {@link #BATCH_SIZE}, each in a transaction of its own, so
 * that a backlog of millions of rows (a first cleanup after a long pause, a burst of
 * abandoned sessions) never becomes one transaction that holds its locks, and its WAL,
 * for minutes while refreshes run. After each full batch the round pauses as long as the
 * batch took, so that a backlog takes at most half of one connection's time and of the
 * database's, and refreshes meanwhile keep their latency. Every instance schedules it; a
 * PostgreSQL advisory lock taken by each batch lets one instance run at a time and the
 * others skip that round.
 */
@Component
class SessionCleanup {

	/**
	 * Rows per transaction: large enough that a million expired sessions take a thousand
	 * short transactions, small enough that each holds its row locks for milliseconds.
	 */
	private static final int BATCH_SIZE = 1000;

	private static final Logger logger = LoggerFactory.getLogger(SessionCleanup.class);

	/** An arbitrary, fixed advisory-lock key that names this job. */
	private static final long LOCK_KEY = 0x4C617463686B6579L;

	private final SessionRepository sessions;

	private final Clock clock;

	private final TransactionTemplate transaction;

	SessionCleanup(SessionRepository sessions, Clock clock, TransactionTemplate transaction) {
		this.sessions = sessions;
		this.clock = clock;
		this.transaction = transaction;
	}

	/** Every {@link SessionSettings#cleanupInterval()}. */
	@Scheduled(initialDelayString = "${latchkey.sessions.cleanup-interval}",
			fixedDelayString = "${latchkey.sessions.cleanup-interval}")
	void scheduled() {
		deleteExpired();
	}

	/**
	 * Runs one round now; answers what it deleted, or nothing if another instance holds
	 * the lock.
	 */
	Deleted deleteExpired() {
		return deleteExpired(BATCH_SIZE);
	}

	/**
	 * One round in batches of {@code batchSize}. The round deletes what had expired when
	 * it began, so it ends even while sessions keep expiring; it also ends when another
	 * instance takes the lock between two batches, which then goes on with the rest.
	 */
	Deleted deleteExpired(int batchSize) {
		return deleteExpired(batchSize, SessionCleanup::sleep);
	}

	/**
	 * As {@link #deleteExpired(int)}, with {@code pause} called after each full batch.
	 */
	Deleted deleteExpired(int batchSize, Pause pause) {
		Instant expiredBy = this.clock.instant();
		int deleted = 0;
		int batches = 0;
		while (true) {
			long started = System.nanoTime();
			Integer batch = this.transaction.execute((status) -> this.sessions.tryCleanupLock(LOCK_KEY)
					? this.sessions.deleteExpired(expiredBy, batchSize) : null);
			if (batch == null) {
				break;
			}
			deleted += batch;
			batches++;
			if (batch < batchSize) {
				break;
			}
			if (!pause.after(Duration.ofNanos(System.nanoTime() - started))) {
				logger.info("Cleanup interrupted after {} batches; the next round goes on", batches);
				break;
			}
		}
		if (batches == 0) {
			logger.debug("Cleanup skipped: another instance is running it");
		}
		else {
			logger.info("event=cleanup deleted_sessions={} batches={}", deleted, batches);
		}
		return new Deleted(deleted, batches);
	}

	private static boolean sleep(Duration batchTook) {
		try {
			Thread.sleep(batchTook);
			return true;
		}
		catch (InterruptedException ex) {
			// The application is stopping: what is left waits for the next round.
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** What the round does between two batches. */
	@FunctionalInterface
	interface Pause {

		/**
		 * @param batchTook how long the batch just deleted took
		 * @return false to end the round here
		 */
		boolean after(Duration batchTook);

	}

	/**
	 * What a round did: the sessions it deleted, in how many transactions (0: another
	 * instance held the lock).
	 */
	record Deleted(int sessions, int batches) {
	}

}
