package dev.latchkey.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TokenClaims;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MAX_SESSIONS_PER_USER bounds the sessions one account can hold: a login beyond it ends
 * the least recently used one, exactly, even when logins race.
 */
@IntegrationTest
@TestPropertySource(properties = "MAX_SESSIONS_PER_USER=3")
class SessionCapTest {

	private static final String PASSWORD = "correct-horse-battery";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("a fourth login ends the least recently used session, which is refused at once; the other three go on")
	void loginWhenCapReachedThenLeastRecentlyUsedSessionEnds() {
		String email = ApiClient.uniqueEmail();
		ApiClient first = new ApiClient(this.port);
		first.registerAndLogin(email, PASSWORD);
		this.clock.advance(Duration.ofSeconds(1));
		ApiClient second = login(email);
		String secondSession = TokenClaims.sessionId(second.cookies().value("access_token").orElseThrow());
		this.clock.advance(Duration.ofSeconds(1));
		ApiClient third = login(email);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(first.post("/auth/refresh").status()).as("the first device is used again").isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));

		ApiClient fourth = login(email);

		assertThat(second.get("/users/me").code()).as("the least recently used").isEqualTo("access_token_invalid");
		assertThat(second.post("/auth/refresh").code()).isEqualTo("refresh_token_invalid");
		for (ApiClient kept : List.of(first, third, fourth)) {
			assertThat(kept.get("/users/me").status()).isEqualTo(200);
		}
		Reply sessions = fourth.get("/auth/sessions");
		assertThat(sessions.json().size()).isEqualTo(3);
		assertThat(this.jdbc.queryForObject("select revoked_reason from sessions where id = ?::uuid", String.class,
				secondSession))
			.isEqualTo("session_limit");
	}

	@Test
	@DisplayName("ten logins of one account racing leave exactly three live sessions")
	void loginWhenManyRaceThenCapIsExact() throws Exception {
		String email = ApiClient.uniqueEmail();
		ApiClient registrar = new ApiClient(this.port);
		String userId = registrar.registerAndLogin(email, PASSWORD).json().path("user").path("id").asString();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Reply>> logins = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			logins.add(CompletableFuture.supplyAsync(() -> {
				awaitQuietly(start);
				return new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", PASSWORD));
			}));
		}
		start.countDown();
		for (CompletableFuture<Reply> login : logins) {
			assertThat(login.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
		}

		assertThat(this.jdbc.queryForObject(
				"select count(*) from sessions where user_id = ?::uuid and revoked_at is null", Integer.class, userId))
			.isEqualTo(3);
	}

	private ApiClient login(String email) {
		ApiClient client = new ApiClient(this.port);
		assertThat(client.post("/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
		return client;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
