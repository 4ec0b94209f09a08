package dev.latchkey.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session lifetime: a session ends REFRESH_TOKEN_EXPIRE_DAYS after its last refresh, and
 * in any case SESSION_MAX_AGE_DAYS after its login; rotation never extends it past that
 * (OWASP ASVS 5.0 7.3.1 and 7.3.2). Here refresh tokens live 7 days and sessions 10.
 */
@IntegrationTest
@TestPropertySource(properties = { "SESSION_MAX_AGE_DAYS=10", "REFRESH_TOKEN_EXPIRE_DAYS=7" })
class SessionLifetimeTest {

	private static final String PASSWORD = "correct-horse-battery";

	private static final Duration MAX_AGE = Duration.ofDays(10);

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Test
	@DisplayName("refreshing every 6 days keeps the session until day 10, never past it: the day-12 refresh is refresh_token_expired")
	void refreshEverySixDaysThenSessionEndsTenDaysAfterLogin() {
		ApiClient browser = new ApiClient(this.port);
		Login login = login(browser);
		assertThat(login.refreshExpiresAt()).as("the first token lives its 7 days, within the 10")
			.isBetween(login.before().plus(Duration.ofDays(7)).minusSeconds(1), login.after().plus(Duration.ofDays(7)));

		this.clock.advance(Duration.ofDays(6));
		Reply daySix = browser.post("/auth/refresh");

		assertThat(daySix.status()).isEqualTo(200);
		Instant cappedExpiry = Instant.parse(daySix.json().path("refresh_token_expires_at").asString());
		assertThat(cappedExpiry).as("6 + 7 days would be day 13: capped at 10 days after the login")
			.isBetween(login.before().plus(MAX_AGE).minusSeconds(1), login.after().plus(MAX_AGE));
		assertThat(browser.get("/users/me").status()).isEqualTo(200);
		assertThat(sessionExpiry(browser)).as("the session list says the same")
			.isBeforeOrEqualTo(login.after().plus(MAX_AGE));

		this.clock.advance(Duration.ofDays(6));
		Reply dayTwelve = browser.post("/auth/refresh");

		assertThat(dayTwelve.status()).isEqualTo(401);
		assertThat(dayTwelve.code()).isEqualTo("refresh_token_expired");
		assertThat(browser.get("/users/me").status()).isEqualTo(401);
	}

	@Test
	@DisplayName("no refresh token issued by rotation ever expires later than 10 days after the login")
	void refreshOftenThenNoTokenOutlivesTheMaximumAge() {
		ApiClient browser = new ApiClient(this.port);
		Login login = login(browser);
		Instant limit = login.after().plus(MAX_AGE);

		Instant previous = login.refreshExpiresAt();
		for (int day = 1; day <= 9; day++) {
			this.clock.advance(Duration.ofDays(1));
			Reply refreshed = browser.post("/auth/refresh");
			assertThat(refreshed.status()).as("refresh on day %d", day).isEqualTo(200);
			Instant expiry = Instant.parse(refreshed.json().path("refresh_token_expires_at").asString());
			assertThat(expiry).as("expiry after the refresh on day %d", day)
				.isBeforeOrEqualTo(limit)
				.isAfterOrEqualTo(previous.minusSeconds(1));
			assertThat(sessionExpiry(browser)).isBeforeOrEqualTo(limit);
			previous = expiry;
		}
		assertThat(previous).as("daily refreshes reach the cap").isAfter(limit.minusSeconds(2));
	}

	@Test
	@DisplayName("at day 10 the session ends: an access token issued minutes before, still unexpired, is refused at once")
	void accessTokenStillUnexpiredWhenSessionReachesMaximumAgeThenRefused() {
		ApiClient browser = new ApiClient(this.port);
		Login login = login(browser);
		this.clock.advance(Duration.ofDays(6));
		assertThat(browser.post("/auth/refresh").status()).isEqualTo(200);
		Duration sinceLogin = Duration.between(login.before(), this.clock.instant());
		// Ten minutes before the end: the new access token is good for 15 minutes, 5 past
		// the end.
		this.clock.advance(MAX_AGE.minus(sinceLogin).minusMinutes(10));
		Reply lastRefresh = browser.post("/auth/refresh");
		assertThat(lastRefresh.status()).isEqualTo(200);
		Instant accessExpiresAt = Instant.parse(lastRefresh.json().path("access_token_expires_at").asString());
		assertThat(accessExpiresAt).as("the access token outlives the session").isAfter(login.after().plus(MAX_AGE));
		assertThat(browser.get("/users/me").status()).isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(11));
		assertThat(this.clock.instant()).isBefore(accessExpiresAt).isAfter(login.after().plus(MAX_AGE));

		Reply me = browser.get("/users/me");
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.code()).isEqualTo("access_token_invalid");
		Reply refresh = browser.post("/auth/refresh");
		assertThat(refresh.status()).isEqualTo(401);
		assertThat(refresh.code()).isEqualTo("refresh_token_expired");
	}

	@Test
	@DisplayName("without refreshes a session ends after the refresh token's 7 days, before the maximum age")
	void noRefreshThenSessionEndsAfterRefreshTokenLifetime() {
		ApiClient browser = new ApiClient(this.port);
		login(browser);

		this.clock.advance(Duration.ofDays(7).plusMinutes(1));

		Reply refresh = browser.post("/auth/refresh");
		assertThat(refresh.status()).isEqualTo(401);
		assertThat(refresh.code()).isEqualTo("refresh_token_expired");
	}

	private Login login(ApiClient browser) {
		String email = ApiClient.uniqueEmail();
		assertThat(browser.post("/auth/register", Map.of("email", email, "password", PASSWORD)).status())
			.isEqualTo(201);
		Instant before = this.clock.instant();
		Reply login = browser.post("/auth/login", Map.of("email", email, "password", PASSWORD));
		Instant after = this.clock.instant();
		assertThat(login.status()).isEqualTo(200);
		return new Login(before, after, Instant.parse(login.json().path("refresh_token_expires_at").asString()));
	}

	private static Instant sessionExpiry(ApiClient browser) {
		Reply sessions = browser.get("/auth/sessions");
		assertThat(sessions.status()).isEqualTo(200);
		return Instant.parse(sessions.json().get(0).path("expires_at").asString());
	}

	/**
	 * A login, between two readings of the clock, and the expiry of its first refresh
	 * token.
	 */
	private record Login(Instant before, Instant after, Instant refreshExpiresAt) {
	}

}
