package dev.latchkey.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session cache's rules, on a ticker the test moves: its bounds, when it is trusted,
 * and that an eviction always wins over a check that read the database before it.
 */
@DisplayName("The session cache")
class SessionCacheTest {

	private static final Duration TIME_TO_LIVE = Duration.ofMinutes(15);

	private static final Duration TRUST_WINDOW = Duration.ofSeconds(3);

	private final AtomicLong nanos = new AtomicLong();

	private final Instant now = Instant.parse("2026-12-06T12:00:00Z");

	private final AtomicInteger queries = new AtomicInteger();

	private SessionCache cache(int size) {
		SessionCache cache = new SessionCache(size, TIME_TO_LIVE, TRUST_WINDOW, this.nanos::get);
		cache.listening();
		return cache;
	}

	private Optional<LiveSession> check(SessionCache cache, UUID sessionId, UUID userId,
			Optional<LiveSessionRow> database) {
		return cache.find(sessionId, userId, this.now, () -> {
			this.queries.incrementAndGet();
			return database;
		});
	}

	private LiveSessionRow live(UUID userId, Instant expiresAt) {
		return new LiveSessionRow(userId, "someone@example.com", null, true, false, this.now, this.now, "pwd", null,
				expiresAt);
	}

	@Test
	@DisplayName("a second check of a session asks nothing; an eviction of its user makes the next one ask")
	void answersFromMemoryUntilEvicted() {
		SessionCache cache = cache(100);
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		Optional<LiveSessionRow> row = Optional.of(live(user, this.now.plusSeconds(60)));

		assertThat(check(cache, session, user, row)).isPresent();
		assertThat(check(cache, session, user, row)).isPresent();
		assertThat(this.queries).hasValue(1);

		cache.evictUser(user);
		assertThat(check(cache, session, user, Optional.empty())).isEmpty();
		assertThat(this.queries).hasValue(2);
	}

	@Test
	@DisplayName("an answer is not used for another user's claim, nor past its session's expiry")
	void answerIsForItsUserAndWithinItsExpiry() {
		SessionCache cache = cache(100);
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		check(cache, session, user, Optional.of(live(user, this.now.plusSeconds(1))));

		assertThat(check(cache, session, UUID.randomUUID(), Optional.empty())).isEmpty();
		assertThat(this.queries).hasValue(2);
		assertThat(cache.find(session, user, this.now.plusSeconds(1), Optional::empty)).as("at its expiry").isEmpty();
	}

	@Test
	@DisplayName("no more sessions are kept than SESSION_CACHE_SIZE, and none longer than an access token lives")
	void boundedBySizeAndTime() {
		SessionCache cache = cache(50);
		UUID user = UUID.randomUUID();
		for (int i = 0; i < 500; i++) {
			check(cache, UUID.randomUUID(), user, Optional.of(live(user, this.now.plusSeconds(3600))));
		}
		assertThat(cache.size()).isLessThanOrEqualTo(50).isPositive();

		// Heartbeats keep arriving, so only the time to live ends the answers.
		this.nanos.addAndGet(TIME_TO_LIVE.toNanos());
		cache.heartbeat();
		assertThat(cache.size()).isZero();
	}

	@Test
	@DisplayName("without a recent heartbeat, or while not listening, every check asks the database and nothing is kept")
	void untrustedAsksTheDatabase() {
		SessionCache cache = cache(100);
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		Optional<LiveSessionRow> row = Optional.of(live(user, this.now.plusSeconds(60)));
		check(cache, session, user, row);

		this.nanos.addAndGet(TRUST_WINDOW.toNanos() + 1);
		assertThat(cache.trusted()).isFalse();
		assertThat(check(cache, session, user, Optional.empty())).as("the database's answer, not the kept one")
			.isEmpty();
		cache.heartbeat();
		assertThat(cache.trusted()).isTrue();

		cache.notListening();
		assertThat(check(cache, session, user, Optional.empty())).isEmpty();
		assertThat(this.queries).hasValue(3);

		cache.listening();
		assertThat(check(cache, session, user, row)).as("listening again starts empty").isPresent();
		assertThat(this.queries).hasValue(4);
	}

	@Test
	@DisplayName("a check that read the database before an eviction does not keep what it read")
	void evictionWinsOverAnEarlierRead() {
		SessionCache cache = cache(100);
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();

		// The read sees the session live; the revocation commits and evicts before the
		// read stores its answer.
		assertThat(cache.find(session, user, this.now, () -> {
			Optional<LiveSessionRow> before = Optional.of(live(user, this.now.plusSeconds(60)));
			cache.evictSession(session);
			return before;
		})).isPresent();

		assertThat(check(cache, session, user, Optional.empty())).isEmpty();
		assertThat(this.queries).hasValue(1);
	}

	@Test
	@DisplayName("SESSION_CACHE_SIZE=0 keeps nothing: every check asks the database")
	void sizeZeroKeepsNothing() {
		SessionCache cache = cache(0);
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		Optional<LiveSessionRow> row = Optional.of(live(user, this.now.plusSeconds(60)));

		check(cache, session, user, row);
		check(cache, session, user, row);
		assertThat(this.queries).hasValue(2);
	}

}
