package dev.latchkey;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.Closing;
import dev.latchkey.support.RunningInstance;
import dev.latchkey.support.SoftwarePasskey;
import dev.latchkey.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one PostgreSQL and nothing else shared, as behind a load balancer
 * without sticky sessions: limits, revocation and rotation must hold across them. Each
 * keeps its own session cache, which PostgreSQL's notifications keep honest; the tests
 * wait for a notification by the counter of those that arrived, never by sleeping.
 */
@DisplayName("Two instances sharing one database")
class TwoInstancesTest {

	private static final Map<String, String> SETTINGS = Map.of("DATABASE_URL", TestDatabase.url(),
			"RATE_LIMITS_ENABLED", "true", "RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT", "4/1h",
			"RATE_LIMIT_REGISTRATIONS_PER_ADDRESS", "1000/1h", "RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS", "1000/1h",
			"REFRESH_REUSE_GRACE_SECONDS", "0");

	/** Far above the milliseconds a notification takes; only a lost one reaches it. */
	private static final Duration NOTIFIED = Duration.ofSeconds(10);

	private static RunningInstance first;

	private static RunningInstance second;

	@BeforeAll
	static void startBoth() {
		first = RunningInstance.start(SETTINGS);
		second = RunningInstance.start(SETTINGS);
	}

	@AfterAll
	static void stopBoth() throws Exception {
		Closing.all(first, second);
	}

	@Test
	@DisplayName("failed logins through both instances count against one limit")
	void loginLimitIsSharedByBothInstances() {
		String email = ApiClient.uniqueEmail();
		first.client().post("/auth/register", Map.of("email", email, "password", "the right password"));
		Map<String, String> wrong = Map.of("email", email, "password", "a wrong password");

		assertThat(first.client().post("/auth/login", wrong).code()).isEqualTo("invalid_credentials");
		assertThat(second.client().post("/auth/login", wrong).code()).isEqualTo("invalid_credentials");
		assertThat(first.client().post("/auth/login", wrong).code()).isEqualTo("invalid_credentials");
		assertThat(second.client().post("/auth/login", wrong).code()).isEqualTo("invalid_credentials");

		ApiClient.Reply limited = first.client().post("/auth/login", wrong);
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.code()).isEqualTo("rate_limited");
		assertThat(limited.header("Retry-After")).singleElement()
			.satisfies((seconds) -> assertThat(Long.parseLong(seconds)).isPositive());
		assertThat(second.client().post("/auth/login", wrong).status()).isEqualTo(429);
	}

	@Test
	@DisplayName("a passkey ceremony begun on one instance finishes on the other, once")
	void passkeyOptionsFromOneInstanceAreAnsweredOnTheOther() {
		// A page of ALLOWED_ORIGINS (by default), so that both instances accept its
		// origin
		String page = "http://localhost:5173";
		ApiClient owner = first.client();
		owner.registerAndLogin(ApiClient.uniqueEmail(), "the right password");
		SoftwarePasskey key = new SoftwarePasskey();
		Map<String, Object> created = key.create(owner.post("/users/me/passkeys/options").json(), page);
		assertThat(second.client().post("/users/me/passkeys", Map.of("credential", created, "name", "Laptop")).status())
			.as("without the owner's cookies")
			.isEqualTo(401);
		ApiClient ownerOnSecond = onSecondWithAccessTokenOf(owner);
		assertThat(ownerOnSecond.post("/users/me/passkeys", Map.of("credential", created, "name", "Laptop")).status())
			.isEqualTo(201);

		Map<String, Object> answer = key.get(first.client().post("/auth/passkey/options").json(), page);
		assertThat(second.client().post("/auth/passkey/login", Map.of("credential", answer)).status()).isEqualTo(200);
		assertThat(first.client().post("/auth/passkey/login", Map.of("credential", answer)).code())
			.isEqualTo("passkey_invalid");
	}

	@Test
	@DisplayName("a logout on one instance refuses the access token on the other once its notification has arrived")
	void logoutOnOneInstanceEndsAccessOnTheOther() {
		ApiClient browser = first.client();
		browser.registerAndLogin(ApiClient.uniqueEmail(), "the right password");
		ApiClient sameCookiesOnSecond = onSecondWithAccessTokenOf(browser);
		assertThat(sameCookiesOnSecond.get("/users/me").status()).isEqualTo(200);
		double hits = sessionCacheHits(second);
		assertThat(sameCookiesOnSecond.get("/users/me").status()).isEqualTo(200);
		assertThat(sessionCacheHits(second)).as("the second answers from its cache").isEqualTo(hits + 1);

		double notified = notifications(second);
		assertThat(browser.post("/auth/logout").status()).isEqualTo(200);
		await().atMost(NOTIFIED).until(() -> notifications(second) > notified);

		ApiClient.Reply refused = sameCookiesOnSecond.get("/users/me");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.code()).isEqualTo("access_token_invalid");
	}

	@Test
	@DisplayName("an account disabled by hand in SQL is refused on both instances once the notification has arrived")
	void accountDisabledInTheDatabaseIsRefusedOnBoth() throws Exception {
		String email = ApiClient.uniqueEmail();
		ApiClient onFirst = first.client();
		onFirst.registerAndLogin(email, "the right password");
		ApiClient onSecond = onSecondWithAccessTokenOf(onFirst);
		assertThat(onFirst.get("/users/me").status()).isEqualTo(200);
		assertThat(onSecond.get("/users/me").status()).isEqualTo(200);

		double notifiedFirst = notifications(first);
		double notifiedSecond = notifications(second);
		try (Connection connection = TestDatabase.connection(); Statement statement = connection.createStatement()) {
			assertThat(statement.executeUpdate("update users set is_active = false where email = '" + email + "'"))
				.isOne();
		}
		await().atMost(NOTIFIED)
			.until(() -> notifications(first) > notifiedFirst && notifications(second) > notifiedSecond);

		assertThat(onFirst.get("/users/me").status()).isEqualTo(401);
		assertThat(onSecond.get("/users/me").status()).isEqualTo(401);
	}

	@Test
	@DisplayName("a revocation while the other instance's listening connection is killed is still refused there")
	void revocationWhileTheListenerIsKilledIsStillRefused() throws Exception {
		ApiClient browser = first.client();
		browser.registerAndLogin(ApiClient.uniqueEmail(), "the right password");
		ApiClient sameCookiesOnSecond = onSecondWithAccessTokenOf(browser);
		assertThat(sameCookiesOnSecond.get("/users/me").status()).isEqualTo(200);
		double listens = listens(second);

		try (Connection connection = TestDatabase.connection(); Statement statement = connection.createStatement()) {
			statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = '"
					+ "latchkey session changes'");
		}
		// The second stops trusting its cache as soon as it sees its connection gone...
		await().atMost(NOTIFIED).until(() -> trusted(second) == 0);
		// ... so that the notification of this logout, which it cannot hear, is not
		// needed.
		assertThat(browser.post("/auth/logout").status()).isEqualTo(200);
		assertThat(sameCookiesOnSecond.get("/users/me").status()).isEqualTo(401);

		// Listening again, it has forgotten what it kept while it could not hear.
		await().atMost(NOTIFIED).until(() -> listens(second) > listens && trusted(second) == 1);
		assertThat(sameCookiesOnSecond.get("/users/me").status()).isEqualTo(401);
	}

	@Test
	@DisplayName("racing refreshes of one token split across both instances: exactly one wins, the rest are reuse")
	void concurrentRefreshesAcrossInstancesRotateOnce() throws Exception {
		ApiClient owner = first.client();
		owner.registerAndLogin(ApiClient.uniqueEmail(), "the right password");
		String refreshToken = owner.cookies().value("refresh_token").orElseThrow();

		int racers = 20;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<ApiClient.Reply>> replies = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
			for (int i = 0; i < racers; i++) {
				ApiClient racer = ((i % 2 == 0) ? first : second).client();
				racer.cookies().set("refresh_token", refreshToken, "/auth");
				replies.add(pool.submit(() -> {
					start.await();
					return racer.post("/auth/refresh");
				}));
			}
			start.countDown();
			List<String> codes = new ArrayList<>();
			for (Future<ApiClient.Reply> reply : replies) {
				ApiClient.Reply answered = reply.get();
				codes.add((answered.status() == 200) ? "ok" : answered.code());
			}
			// Grace is 0 here: one rotation, and every other use of the spent token is
			// reuse (the first of them revokes the session).
			assertThat(codes).filteredOn("ok"::equals).hasSize(1);
			assertThat(codes).filteredOn("refresh_token_reused"::equals).hasSize(racers - 1);
		}
		// Reuse revoked the session, so the winner's fresh access token is refused too.
		ApiClient winner = first.client();
		assertThat(owner.get("/users/me").status()).isEqualTo(401);
		assertThat(winner.get("/users/me").status()).isEqualTo(401);
	}

	/** A client of the second instance carrying the access token the first one issued. */
	private static ApiClient onSecondWithAccessTokenOf(ApiClient onFirst) {
		ApiClient onSecond = second.client();
		onSecond.cookies().set("access_token", onFirst.cookies().value("access_token").orElseThrow(), "/");
		return onSecond;
	}

	private static double sessionCacheHits(RunningInstance instance) {
		return meters(instance).get("cache.gets").tags("cache", "sessions", "result", "hit").functionCounter().count();
	}

	private static double notifications(RunningInstance instance) {
		return meters(instance).get("latchkey.session.cache.notifications").functionCounter().count();
	}

	private static double listens(RunningInstance instance) {
		return meters(instance).get("latchkey.session.cache.listens").functionCounter().count();
	}

	private static double trusted(RunningInstance instance) {
		return meters(instance).get("latchkey.session.cache.trusted").gauge().value();
	}

	private static MeterRegistry meters(RunningInstance instance) {
		return instance.context().getBean(MeterRegistry.class);
	}

}
