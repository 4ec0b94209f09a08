package dev.latchkey.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cleanup deletes what can never be used again and keeps what still can: a spent
 * refresh token stays until it expires, so that replaying it is still recognised as
 * reuse. Other tests share the database, so every check is scoped to this test's own
 * user.
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

	@Test
	@DisplayName("cleanup deletes revoked and expired sessions and expired tokens, and keeps live sessions with their spent but unexpired tokens")
	void deleteEndedRemovesOnlyWhatCanNeverBeUsedAgain() {
		String email = ApiClient.uniqueEmail();
		ApiClient loggedOut = new ApiClient(this.port);
		loggedOut.registerAndLogin(email, PASSWORD);
		String userId = TokenClaims.userId(access(loggedOut));
		String revokedSession = TokenClaims.sessionId(access(loggedOut));
		assertThat(loggedOut.post("/auth/logout").status()).isEqualTo(200);
		ApiClient abandoned = login(email);
		String expiredSession = TokenClaims.sessionId(access(abandoned));
		ApiClient longLived = login(email);
		String longLivedSession = TokenClaims.sessionId(access(longLived));
		String longLivedFirstToken = refresh(longLived);

		this.clock.advance(Duration.ofDays(1));
		assertThat(longLived.post("/auth/refresh").status()).isEqualTo(200);
		String longLivedCurrentToken = refresh(longLived);
		this.clock.advance(Duration.ofDays(6).plusHours(1));
		// Now the abandoned session and the long-lived session's first token are past
		// their 7 days.
		ApiClient fresh = login(email);
		String freshSession = TokenClaims.sessionId(access(fresh));
		String freshSpentToken = refresh(fresh);
		assertThat(fresh.post("/auth/refresh").status()).isEqualTo(200);
		String freshCurrentToken = refresh(fresh);
		assertThat(sessionsOf(userId)).containsExactlyInAnyOrder(revokedSession, expiredSession, longLivedSession,
				freshSession);

		SessionCleanup.Deleted deleted = this.cleanup.deleteEnded();

		assertThat(deleted.sessions()).isGreaterThanOrEqualTo(2);
		assertThat(deleted.refreshTokens()).isGreaterThanOrEqualTo(2);
		assertThat(sessionsOf(userId)).as("the revoked and the expired session are gone")
			.containsExactlyInAnyOrder(longLivedSession, freshSession);
		assertThat(
				this.jdbc.queryForObject("select count(*) from refresh_tokens where session_id in (?::uuid, ?::uuid)",
						Integer.class, revokedSession, expiredSession))
			.isZero();
		assertThat(tokenExists(longLivedFirstToken)).as("an expired token of a live session is gone").isFalse();
		assertThat(tokenExists(longLivedCurrentToken)).isTrue();
		assertThat(tokenExists(freshSpentToken)).as("a spent but unexpired token is kept to recognise reuse").isTrue();
		assertThat(tokenExists(freshCurrentToken)).isTrue();

		assertThat(longLived.post("/auth/refresh").status()).as("the long-lived session still works").isEqualTo(200);
		assertThat(fresh.get("/users/me").status()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(11));
		ApiClient thief = new ApiClient(this.port);
		thief.cookies().set("refresh_token", freshSpentToken, "/auth");
		AuthEndpointsTest.assertProblem(thief.post("/auth/refresh"), 401, "refresh_token_reused");
	}

	@Test
	@DisplayName("while another instance holds the cleanup lock, cleanup skips its round and deletes nothing")
	void deleteEndedWhenAnotherInstanceRunsItThenSkips() throws Exception {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String userId = TokenClaims.userId(access(client));
		String revokedSession = TokenClaims.sessionId(access(client));
		assertThat(client.post("/auth/logout").status()).isEqualTo(200);

		try (Connection otherInstance = this.dataSource.getConnection()) {
			otherInstance.setAutoCommit(false);
			try (PreparedStatement lock = otherInstance.prepareStatement("select pg_advisory_xact_lock(?)")) {
				lock.setLong(1, CLEANUP_LOCK_KEY);
				lock.execute();
			}

			SessionCleanup.Deleted skipped = this.cleanup.deleteEnded();

			assertThat(skipped).isEqualTo(new SessionCleanup.Deleted(0, 0));
			assertThat(sessionsOf(userId)).containsExactly(revokedSession);
			otherInstance.commit();
		}

		SessionCleanup.Deleted deleted = this.cleanup.deleteEnded();

		assertThat(deleted.sessions()).isGreaterThanOrEqualTo(1);
		assertThat(sessionsOf(userId)).isEmpty();
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

	private boolean tokenExists(String refreshToken) {
		return Boolean.TRUE
			.equals(this.jdbc.queryForObject("select exists (select 1 from refresh_tokens where token_digest = ?)",
					Boolean.class, (Object) RefreshTokenGenerator.digest(refreshToken)));
	}

}
