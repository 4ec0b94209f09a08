package dev.latchkey.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What this instance remembers of live-session checks, so that an authenticated request
 * needs no query while nothing about its session changed.
 * <p>
 * Every change that could alter an answer reaches the cache twice: at once on the
 * instance that made it, once its transaction ends ({@link #evictUserAfterCompletion}),
 * and on every instance through PostgreSQL's notification of the committed change
 * ({@link SessionChangeListener}). The cache is used only while those notifications are
 * known to arrive ({@link #trusted()}); otherwise each check asks the database.
 * <p>
 * An answer is never kept longer than an access token lives, nor used past the expiry of
 * its session's refresh chain. Answers that a session is not live are kept too: a revoked
 * or expired session never revives, and a disabled user who is enabled again is a change
 * like any other.
 */
final class SessionCache {

	/** A cached answer about one session, for the user its access token named. */
	private record Entry(UUID userId, @Nullable LiveSessionRow live) {

		boolean answers(UUID userId, Instant now) {
			return this.userId.equals(userId) && (this.live == null || this.live.expiresAt().isAfter(now));
		}

	}

	private final @Nullable Cache<UUID, Entry> entries;

	/**
	 * Moves on at every eviction: a check that read the database before an eviction and
	 * stores its answer after it sees the move and takes its answer back, so a stale
	 * answer never outlives the eviction meant for it.
	 */
	private final AtomicLong generation = new AtomicLong();

	private final Ticker ticker;

	private final long trustNanos;

	private volatile boolean listening;

	private volatile long lastHeartbeatNanos;

	/**
	 * @param maximumSize how many sessions it keeps at most; 0 for none
	 * @param timeToLive how long an answer is kept at most: the access-token lifetime
	 * @param trustWindow how long after the last heartbeat the cache is still trusted
	 * @param ticker the time that bounds how long answers are kept and trusted
	 */
	SessionCache(int maximumSize, Duration timeToLive, Duration trustWindow, Ticker ticker) {
		this.ticker = ticker;
		this.trustNanos = trustWindow.toNanos();
		this.entries = (maximumSize == 0) ? null
				: Caffeine.newBuilder()
					.maximumSize(maximumSize)
					.expireAfterWrite(timeToLive)
					.ticker(ticker)
					.executor(Runnable::run)
					.recordStats()
					.build();
	}

	/**
	 * The live-session check of a session for the user its access token names, from
	 * memory when it may be, else from {@code query}, whose answer is kept when nothing
	 * changed meanwhile.
	 */
	Optional<LiveSession> find(UUID sessionId, UUID userId, Instant now, Supplier<Optional<LiveSessionRow>> query) {
		if (this.entries == null || !trusted()) {
			return query.get().map(LiveSessionRow::session);
		}
		Entry cached = this.entries.getIfPresent(sessionId);
		if (cached != null && cached.answers(userId, now)) {
			return Optional.ofNullable(cached.live()).map(LiveSessionRow::session);
		}
		long before = this.generation.get();
		Optional<LiveSessionRow> row = query.get();
		Entry fresh = new Entry(userId, row.orElse(null));
		this.entries.put(sessionId, fresh);
		if (this.generation.get() != before || !trusted()) {
			this.entries.asMap().remove(sessionId, fresh);
		}
		return row.map(LiveSessionRow::session);
	}

	/**
	 * Forgets every session of the user once the current transaction has ended (committed
	 * or not), or now when there is none: what this instance does at once for a change it
	 * makes itself.
	 */
	void evictUserAfterCompletion(UUID userId) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					evictUser(userId);
				}
			});
		}
		else {
			evictUser(userId);
		}
	}

	void evictSession(UUID sessionId) {
		this.generation.incrementAndGet();
		if (this.entries != null) {
			this.entries.invalidate(sessionId);
		}
	}

	void evictUser(UUID userId) {
		this.generation.incrementAndGet();
		if (this.entries != null) {
			this.entries.asMap().values().removeIf((entry) -> entry.userId().equals(userId));
		}
	}

	/**
	 * Notifications reach this instance again, from now on: what was kept before may have
	 * missed some, so it is all forgotten.
	 */
	void listening() {
		this.generation.incrementAndGet();
		if (this.entries != null) {
			this.entries.invalidateAll();
		}
		this.lastHeartbeatNanos = this.ticker.read();
		this.listening = true;
	}

	/** Notifications may not arrive any more: nothing is answered from memory. */
	void notListening() {
		this.listening = false;
		this.generation.incrementAndGet();
	}

	/** This instance's own heartbeat came back through the notification channel. */
	void heartbeat() {
		this.lastHeartbeatNanos = this.ticker.read();
	}

	/**
	 * Whether notifications are known to arrive: the channel is listened to and this
	 * instance's own heartbeat came back through it recently.
	 */
	boolean trusted() {
		return this.listening && this.ticker.read() - this.lastHeartbeatNanos <= this.trustNanos;
	}

	/** How many sessions it remembers now; for metrics and tests. */
	long size() {
		if (this.entries == null) {
			return 0;
		}
		this.entries.cleanUp();
		return this.entries.estimatedSize();
	}

	@Nullable Cache<UUID, ?> entries() {
		return this.entries;
	}

}
