package dev.latchkey.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TokenClaims;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation with the default grace period (REFRESH_REUSE_GRACE_SECONDS=10): tabs of one
 * browser racing to refresh stay signed in, on one chain; a spent token replayed later
 * ends the session for every holder.
 */
@IntegrationTest
class RefreshRotationTest {

	private static final String PASSWORD = "correct-horse-battery";

	private static final int TABS = 20;

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	@DisplayName("20 concurrent refreshes with one token all succeed within the grace period, and all get the same successor")
	void refreshWhenSameTokenRacesWithinGraceThenAllSucceedInSameSession() throws Exception {
		String email = ApiClient.uniqueEmail();
		ApiClient browser = new ApiClient(this.port);
		browser.registerAndLogin(email, PASSWORD);
		String accessToken = browser.cookies().value("access_token").orElseThrow();
		String refreshToken = browser.cookies().value("refresh_token").orElseThrow();
		String sessionId = TokenClaims.sessionId(accessToken);

		List<ApiClient> tabs = new ArrayList<>();
		for (int i = 0; i < TABS; i++) {
			ApiClient tab = new ApiClient(this.port);
			tab.cookies().set("refresh_token", refreshToken, "/auth");
			tabs.add(tab);
		}
		List<Reply> replies = refreshAllAtOnce(tabs);

		assertThat(replies).extracting(Reply::status).as("every tab stays signed in").containsOnly(200);
		assertThat(tabs).extracting((tab) -> TokenClaims.sessionId(tab.cookies().value("access_token").orElseThrow()))
			.as("every tab's new access token names the same session")
			.containsOnly(sessionId);
		assertThat(tabs).extracting((tab) -> tab.cookies().value("refresh_token").orElseThrow())
			.as("every tab got the one successor: the session has one chain")
			.doesNotContain(refreshToken)
			.containsOnly(tabs.get(0).cookies().value("refresh_token").orElseThrow());
		assertThat(this.jdbc.queryForObject("select count(*) from sessions where user_id = ?::uuid", Integer.class,
				TokenClaims.userId(accessToken)))
			.as("no new session was opened")
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select revoked_at is null from sessions where id = ?::uuid", Boolean.class,
				sessionId))
			.isTrue();
		assertThat(this.jdbc.queryForObject("select refresh_counter from sessions where id = ?::uuid", Long.class,
				sessionId))
			.as("the chain advanced once: only the raced token is spent")
			.isEqualTo(1L);

		ApiClient anyTab = tabs.get(TABS - 1);
		assertThat(anyTab.get("/users/me").status()).isEqualTo(200);
		assertThat(anyTab.post("/auth/refresh").status()).isEqualTo(200);
		assertThat(anyTab.get("/users/me").status()).isEqualTo(200);
		assertThat(browser.get("/users/me").status()).as("the original access token still works").isEqualTo(200);
	}

	@Test
	@DisplayName("a spent token replayed after the grace period gets refresh_token_reused and ends that whole session, and only it")
	void refreshWhenTokenAlreadyRotatedAfterGraceThenRevokesSession() {
		String email = ApiClient.uniqueEmail();
		ApiClient laptop = new ApiClient(this.port);
		laptop.registerAndLogin(email, PASSWORD);
		ApiClient phone = new ApiClient(this.port);
		assertThat(phone.post("/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
		String stolen = laptop.cookies().value("refresh_token").orElseThrow();
		assertThat(laptop.post("/auth/refresh").status()).isEqualTo(200);
		String laptopAccess = laptop.cookies().value("access_token").orElseThrow();
		String laptopNewest = laptop.cookies().value("refresh_token").orElseThrow();
		String laptopSession = TokenClaims.sessionId(laptopAccess);

		this.clock.advance(Duration.ofSeconds(11));
		ApiClient thief = new ApiClient(this.port);
		thief.cookies().set("refresh_token", stolen, "/auth");
		Reply replay = thief.post("/auth/refresh");

		assertProblem(replay, 401, "refresh_token_reused");
		assertThat(thief.cookies().value("access_token")).isEmpty();
		assertThat(this.jdbc.queryForObject("select revoked_reason from sessions where id = ?::uuid", String.class,
				laptopSession))
			.isEqualTo("refresh_token_reused");

		ApiClient laptopAgain = new ApiClient(this.port);
		laptopAgain.cookies().set("access_token", laptopAccess, "/");
		laptopAgain.cookies().set("refresh_token", laptopNewest, "/auth");
		assertProblem(laptopAgain.get("/users/me"), 401, "access_token_invalid");
		assertProblem(laptopAgain.post("/auth/refresh"), 401, "refresh_token_invalid");

		assertThat(phone.get("/users/me").status()).as("the user's other session is untouched").isEqualTo(200);
		assertThat(phone.post("/auth/refresh").status()).isEqualTo(200);
		assertThat(phone.get("/users/me").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("a spent token replayed within the grace period refreshes the same session again")
	void refreshWhenTokenAlreadyRotatedWithinGraceThenSucceedsInSameSession() {
		ApiClient browser = new ApiClient(this.port);
		browser.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String sessionId = TokenClaims.sessionId(browser.cookies().value("access_token").orElseThrow());
		String spent = browser.cookies().value("refresh_token").orElseThrow();
		assertThat(browser.post("/auth/refresh").status()).isEqualTo(200);

		this.clock.advance(Duration.ofSeconds(5));
		ApiClient otherTab = new ApiClient(this.port);
		otherTab.cookies().set("refresh_token", spent, "/auth");
		Reply reply = otherTab.post("/auth/refresh");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(TokenClaims.sessionId(otherTab.cookies().value("access_token").orElseThrow())).isEqualTo(sessionId);
		assertThat(browser.post("/auth/refresh").status()).as("the first tab is still signed in").isEqualTo(200);
	}

	@Test
	@DisplayName("a copied cookie jar replayed within the grace period joins the one chain; once the grace has passed, the holder that did not rotate last gets refresh_token_reused and the session ends for both")
	void refreshWhenCopiedJarReplaysWithinGraceThenBothShareOneChainAndTheLaggardIsCaught() {
		ApiClient owner = new ApiClient(this.port);
		owner.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		ApiClient copy = new ApiClient(this.port);
		copy.cookies().set("refresh_token", owner.cookies().value("refresh_token").orElseThrow(), "/auth");
		String sessionId = TokenClaims.sessionId(owner.cookies().value("access_token").orElseThrow());

		assertThat(owner.post("/auth/refresh").status()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(copy.post("/auth/refresh").status()).as("within the grace period, like a racing tab").isEqualTo(200);
		assertThat(copy.cookies().value("refresh_token")).as("the copy was handed the owner's successor, not a fork")
			.isEqualTo(owner.cookies().value("refresh_token"));

		assertThat(owner.post("/auth/refresh").status()).as("the owner rotates on").isEqualTo(200);
		String ownersAccessToken = owner.cookies().value("access_token").orElseThrow();
		this.clock.advance(Duration.ofSeconds(11));
		Reply laggard = copy.post("/auth/refresh");

		assertProblem(laggard, 401, "refresh_token_reused");
		assertThat(this.jdbc.queryForObject("select revoked_reason from sessions where id = ?::uuid", String.class,
				sessionId))
			.isEqualTo("refresh_token_reused");
		assertProblem(owner.post("/auth/refresh"), 401, "refresh_token_invalid");
		assertThat(withAccessToken(ownersAccessToken).get("/users/me").code()).isEqualTo("access_token_invalid");
	}

	@Test
	@DisplayName("whoever rotates first, the other jar is caught: the thief's copy refreshed first and the owner's replay after the grace ends the session")
	void refreshWhenThiefRotatesFirstThenOwnersLateReplayEndsTheSession() {
		ApiClient owner = new ApiClient(this.port);
		owner.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		ApiClient thief = new ApiClient(this.port);
		thief.cookies().set("refresh_token", owner.cookies().value("refresh_token").orElseThrow(), "/auth");

		assertThat(thief.post("/auth/refresh").status()).isEqualTo(200);
		String thiefsAccessToken = thief.cookies().value("access_token").orElseThrow();
		this.clock.advance(Duration.ofSeconds(11));
		assertProblem(owner.post("/auth/refresh"), 401, "refresh_token_reused");

		assertProblem(thief.post("/auth/refresh"), 401, "refresh_token_invalid");
		assertThat(withAccessToken(thiefsAccessToken).get("/users/me").code()).isEqualTo("access_token_invalid");
	}

	private ApiClient withAccessToken(String accessToken) {
		ApiClient client = new ApiClient(this.port);
		client.cookies().set("access_token", accessToken, "/");
		return client;
	}

	@Test
	@DisplayName("a session refreshed a thousand times keeps one row and no token rows: rotation stores nothing per token")
	void refreshWhenRepeatedThenStorageStaysConstant() {
		ApiClient browser = new ApiClient(this.port);
		browser.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String sessionId = TokenClaims.sessionId(browser.cookies().value("access_token").orElseThrow());
		String userId = TokenClaims.userId(browser.cookies().value("access_token").orElseThrow());

		for (int i = 0; i < 1000; i++) {
			assertThat(browser.post("/auth/refresh").status()).isEqualTo(200);
		}

		assertThat(this.jdbc.queryForObject("select count(*) from sessions where user_id = ?::uuid", Integer.class,
				userId))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select refresh_counter from sessions where id = ?::uuid", Long.class,
				sessionId))
			.isEqualTo(1000L);
	}

	@Test
	@DisplayName("a session revoked while a refresh of it is being written stays revoked: the refresh never brings it back")
	void refreshWhenSessionRevokedDuringRotationThenRevocationSticks() throws Exception {
		ApiClient browser = new ApiClient(this.port);
		browser.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String sessionId = TokenClaims.sessionId(browser.cookies().value("access_token").orElseThrow());
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (Connection logoutAll = this.dataSource.getConnection()) {
			// Another instance's logout-all, caught between its UPDATE and its COMMIT.
			logoutAll.setAutoCommit(false);
			try (PreparedStatement revoke = logoutAll.prepareStatement(
					"update sessions set revoked_at = now(), revoked_reason = 'logout_all' where id = ?::uuid")) {
				revoke.setString(1, sessionId);
				assertThat(revoke.executeUpdate()).isEqualTo(1);
			}
			int revokerPid = backendPid(logoutAll);

			Future<Reply> refresh = executor.submit(() -> browser.post("/auth/refresh"));
			awaitBlockedByOrDone(revokerPid, refresh);
			logoutAll.commit();
			// The rotation waited for the session's row lock, so it sees the revocation.
			assertProblem(refresh.get(30, TimeUnit.SECONDS), 401, "refresh_token_invalid");
		}
		finally {
			executor.shutdownNow();
		}

		assertThat(this.jdbc.queryForObject("select revoked_at is not null from sessions where id = ?::uuid",
				Boolean.class, sessionId))
			.as("the session is still revoked")
			.isTrue();
		assertThat(this.jdbc.queryForObject("select refresh_counter from sessions where id = ?::uuid", Long.class,
				sessionId))
			.as("no new refresh token was issued into the revoked session")
			.isZero();
	}

	private static int backendPid(Connection connection) throws Exception {
		try (PreparedStatement statement = connection.prepareStatement("select pg_backend_pid()");
				ResultSet result = statement.executeQuery()) {
			result.next();
			return result.getInt(1);
		}
	}

	/**
	 * Waits, without sleeping, until some database session waits for a lock that
	 * {@code pid} holds, or the refresh is over.
	 */
	private void awaitBlockedByOrDone(int pid, Future<Reply> refresh) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!refresh.isDone()) {
			Integer blocked = this.jdbc.queryForObject(
					"select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))", Integer.class, pid);
			if (blocked != null && blocked > 0) {
				return;
			}
			assertThat(System.nanoTime()).as("the refresh neither finished nor waited for the revocation")
				.isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	/** Sends one refresh from each client, all released at the same moment. */
	static List<Reply> refreshAllAtOnce(List<ApiClient> clients) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(clients.size());
		try {
			CountDownLatch ready = new CountDownLatch(clients.size());
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Reply>> futures = new ArrayList<>();
			for (ApiClient client : clients) {
				futures.add(executor.submit(() -> {
					ready.countDown();
					start.await();
					return client.post("/auth/refresh");
				}));
			}
			assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
			start.countDown();
			List<Reply> replies = new ArrayList<>();
			for (Future<Reply> future : futures) {
				replies.add(future.get(60, TimeUnit.SECONDS));
			}
			return replies;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
