package dev.latchkey.sessions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.MeterRegistry;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TokenClaims;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cleanup deletes what can never be used again and keeps what still can: a revoked
 * session stays until its refresh tokens would have expired, so that replaying a spent
 * one is still recognised as reuse. Other tests share the database, so every check is
 * scoped to this test's own user.
 */
@IntegrationTest
class SessionCleanupTest {

	private static final String PASSWORD = "correct-horse-battery";

	/**
	 * The advisory-lock key SessionCleanup takes; another instance running cleanup holds
	 * it.
	 */
	private static final long CLEANUP_LOCK_KEY = 0x4C617463686B6579L;

	@LocalServerPort
	int port;

	@Autowired
	SessionCleanup cleanup;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	MeterRegistry meters;

	@Test
	@DisplayName("cleanup deletes expired sessions, revoked or not, and keeps live ones and revoked ones whose tokens have not expired")
	void deleteExpiredRemovesOnlyWhatCanNeverBeUsedAgain() {
		String email = ApiClient.uniqueEmail();
		ApiClient loggedOutLongAgo = new ApiClient(this.port);
		loggedOutLongAgo.registerAndLogin(email, PASSWORD);
		String userId = TokenClaims.userId(access(loggedOutLongAgo));
		String revokedAndExpiredSession = TokenClaims.sessionId(access(loggedOutLongAgo));
		assertThat(loggedOutLongAgo.post("/auth/logout").status()).isEqualTo(200);
		ApiClient abandoned = login(email);
		String expiredSession = TokenClaims.sessionId(access(abandoned));
		ApiClient longLived = login(email);
		String longLivedSession = TokenClaims.sessionId(access(longLived));

		this.clock.advance(Duration.ofDays(1));
		assertThat(longLived.post("/auth/refresh").status()).isEqualTo(200);
		this.clock.advance(Duration.ofDays(6).plusHours(1));
		// Now the first two sessions are past their 7 days; the long-lived one was
		// refreshed a day in.
		ApiClient loggedOutRecently = login(email);
		String revokedRecentlySession = TokenClaims.sessionId(access(loggedOutRecently));
		assertThat(loggedOutRecently.post("/auth/logout").status()).isEqualTo(200);
		assertThat(sessionsOf(userId)).containsExactlyInAnyOrder(revokedAndExpiredSession, expiredSession,
				longLivedSession, revokedRecentlySession);

		SessionCleanup.Deleted deleted = this.cleanup.deleteExpired();

		assertThat(deleted.sessions()).isGreaterThanOrEqualTo(2);
		assertThat(sessionsOf(userId)).as("the expired sessions are gone, the revoked but unexpired one is kept")
			.containsExactlyInAnyOrder(longLivedSession, revokedRecentlySession);
		assertThat(longLived.post("/auth/refresh").status()).as("the long-lived session still works").isEqualTo(200);
	}

	@Test
	@DisplayName("after cleanup, a spent token of a revoked session is still refresh_token_reused, and counted as reuse, until it would have expired")
	void refreshWhenSessionRevokedAndCleanedUpThenSpentTokenStillReused() {
		ApiClient browser = new ApiClient(this.port);
		browser.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String sessionId = TokenClaims.sessionId(access(browser));
		String spent = refresh(browser);
		assertThat(browser.post("/auth/refresh").status()).isEqualTo(200);
		assertThat(browser.post("/auth/logout").status()).isEqualTo(200);
		this.clock.advance(Duration.ofHours(1));
		this.cleanup.deleteExpired();
		double reuseBefore = this.meters.counter("latchkey.refresh.reuse.detected").count();

		ApiClient thief = new ApiClient(this.port);
		thief.cookies().set("refresh_token", spent, "/auth");
		assertProblem(thief.post("/auth/refresh"), 401, "refresh_token_reused");

		assertThat(this.meters.counter("latchkey.refresh.reuse.detected").count()).isEqualTo(reuseBefore + 1);
		assertThat(this.jdbc.queryForObject("select revoked_reason from sessions where id = ?::uuid", String.class,
				sessionId))
			.as("the session stays ended for the reason it ended")
			.isEqualTo("logout");
	}

	@Test
	@DisplayName("while another instance holds the cleanup lock, cleanup skips its round and deletes nothing")
	void deleteExpiredWhenAnotherInstanceRunsItThenSkips() throws Exception {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String userId = TokenClaims.userId(access(client));
		String revokedSession = TokenClaims.sessionId(access(client));
		assertThat(client.post("/auth/logout").status()).isEqualTo(200);
		this.clock.advance(Duration.ofDays(8));

		try (Connection otherInstance = this.dataSource.getConnection()) {
			otherInstance.setAutoCommit(false);
			try (PreparedStatement lock = otherInstance.prepareStatement("select pg_advisory_xact_lock(?)")) {
				lock.setLong(1, CLEANUP_LOCK_KEY);
				lock.execute();
			}

			SessionCleanup.Deleted skipped = this.cleanup.deleteExpired();

			assertThat(skipped).isEqualTo(new SessionCleanup.Deleted(0, 0));
			assertThat(sessionsOf(userId)).containsExactly(revokedSession);
			otherInstance.commit();
		}

		SessionCleanup.Deleted deleted = this.cleanup.deleteExpired();

		assertThat(deleted.sessions()).isGreaterThanOrEqualTo(1);
		assertThat(sessionsOf(userId)).isEmpty();
	}

	@Test
	@DisplayName("cleanup deletes a backlog in bounded batches until none is left, and keeps the live session")
	void deleteExpiredWhenBacklogLargerThanBatchThenDeletesAllInBatches() {
		String email = ApiClient.uniqueEmail();
		ApiClient first = new ApiClient(this.port);
		first.registerAndLogin(email, PASSWORD);
		String userId = TokenClaims.userId(access(first));
		for (int i = 0; i < 4; i++) {
			login(email);
		}
		this.clock.advance(Duration.ofDays(8));
		ApiClient live = login(email);
		String liveSession = TokenClaims.sessionId(access(live));
		assertThat(sessionsOf(userId)).hasSize(6);

		List<Duration> pauses = new ArrayList<>();
		SessionCleanup.Deleted deleted = this.cleanup.deleteExpired(2, pauses::add);

		assertThat(deleted.sessions()).isGreaterThanOrEqualTo(5);
		assertThat(deleted.batches()).as("5 or more rows, 2 per batch, and a last batch that is not full")
			.isGreaterThanOrEqualTo(3);
		assertThat(pauses).as("a pause after each full batch, as long as it took, and none after the last")
			.hasSize(deleted.batches() - 1)
			.allSatisfy((pause) -> assertThat(pause).isPositive());
		assertThat(sessionsOf(userId)).containsExactly(liveSession);
		assertThat(live.post("/auth/refresh").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("a round interrupted between two batches (the application stopping) ends there, and the next round deletes the rest")
	void deleteExpiredWhenPauseInterruptedThenEndsAfterTheBatch() {
		String email = ApiClient.uniqueEmail();
		ApiClient first = new ApiClient(this.port);
		first.registerAndLogin(email, PASSWORD);
		String userId = TokenClaims.userId(access(first));
		for (int i = 0; i < 4; i++) {
			login(email);
		}
		this.clock.advance(Duration.ofDays(8));

		SessionCleanup.Deleted interrupted = this.cleanup.deleteExpired(2, (batchTook) -> false);

		assertThat(interrupted.batches()).isEqualTo(1);
		assertThat(interrupted.sessions()).isEqualTo(2);
		assertThat(sessionsOf(userId)).as("at most 2 of the 5 deleted").hasSizeGreaterThanOrEqualTo(3);

		this.cleanup.deleteExpired(2);

		assertThat(sessionsOf(userId)).isEmpty();
	}

	@Test
	@DisplayName("cleanup skips an expired session that a request holds locked instead of waiting for it, and a later round deletes it")
	void deleteExpiredWhenRowLockedThenSkipsItWithoutWaiting() throws Exception {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(email, PASSWORD);
		String userId = TokenClaims.userId(access(client));
		String lockedSession = TokenClaims.sessionId(access(client));
		String otherSession = TokenClaims.sessionId(access(login(email)));
		this.clock.advance(Duration.ofDays(8));

		try (Connection refreshInFlight = this.dataSource.getConnection()) {
			refreshInFlight.setAutoCommit(false);
			try (PreparedStatement lock = refreshInFlight
				.prepareStatement("select id from sessions where id = ?::uuid for no key update")) {
				lock.setString(1, lockedSession);
				lock.execute();
			}

			// A round that waited for the lock would not end while this one is open:
			// the bound turns that into a failure instead of a hung build.
			SessionCleanup.Deleted deleted = CompletableFuture.supplyAsync(() -> this.cleanup.deleteExpired(1))
				.get(30, TimeUnit.SECONDS);

			assertThat(deleted.sessions()).isGreaterThanOrEqualTo(1);
			assertThat(sessionsOf(userId)).containsExactly(lockedSession);
			refreshInFlight.commit();
		}

		this.cleanup.deleteExpired();

		assertThat(sessionsOf(userId)).doesNotContain(lockedSession, otherSession).isEmpty();
	}

	private ApiClient login(String email) {
		ApiClient client = new ApiClient(this.port);
		assertThat(client.post("/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
		return client;
	}

	private static String access(ApiClient client) {
		return client.cookies().value("access_token").orElseThrow();
	}

	private static String refresh(ApiClient client) {
		return client.cookies().value("refresh_token").orElseThrow();
	}

	private List<String> sessionsOf(String userId) {
		return this.jdbc.queryForList("select id::text from sessions where user_id = ?::uuid", String.class, userId);
	}

}
