package dev.latchkey.sessions;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes sessions that can never be used again: those whose refresh tokens have all
 * expired. A revoked session is kept until then, so that a spent token of it is still
 * recognised as reuse. Every instance schedules it; a PostgreSQL advisory lock lets one
 * run at a time and the others skip that round.
 */
@Component
class SessionCleanup {

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
		return this.transaction.execute((status) -> {
			if (!this.sessions.tryCleanupLock(LOCK_KEY)) {
				logger.debug("Cleanup skipped: another instance is running it");
				return new Deleted(0);
			}
			Deleted deleted = new Deleted(this.sessions.deleteExpired(this.clock.instant()));
			logger.info("event=cleanup deleted_sessions={}", deleted.sessions());
			return deleted;
		});
	}

	record Deleted(int sessions) {
	}

}
