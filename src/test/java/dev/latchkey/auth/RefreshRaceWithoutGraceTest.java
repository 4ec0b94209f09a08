package dev.latchkey.auth;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.TokenClaims;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation under a race with no grace period: the refresh token can be spent exactly
 * once, so the row lock of the rotation must let one request win and show every other one
 * a spent token.
 */
@IntegrationTest
@TestPropertySource(properties = "REFRESH_REUSE_GRACE_SECONDS=0")
class RefreshRaceWithoutGraceTest {

	private static final String PASSWORD = "correct-horse-battery";

	private static final int RACERS = 20;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("of 20 concurrent refreshes with one token exactly one succeeds, 19 get refresh_token_reused and the session ends")
	void refreshWhenSameTokenRacesWithoutGraceThenExactlyOneWinsAndSessionIsRevoked() throws Exception {
		ApiClient browser = new ApiClient(this.port);
		browser.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String refreshToken = browser.cookies().value("refresh_token").orElseThrow();
		String sessionId = TokenClaims.sessionId(browser.cookies().value("access_token").orElseThrow());

		List<ApiClient> racers = new ArrayList<>();
		for (int i = 0; i < RACERS; i++) {
			ApiClient racer = new ApiClient(this.port);
			racer.cookies().set("refresh_token", refreshToken, "/auth");
			racers.add(racer);
		}
		List<Reply> replies = RefreshRotationTest.refreshAllAtOnce(racers);

		assertThat(replies).filteredOn((reply) -> reply.status() == 200).as("exactly one winner").hasSize(1);
		assertThat(replies).filteredOn((reply) -> reply.status() != 200)
			.hasSize(RACERS - 1)
			.allSatisfy((reply) -> assertProblem(reply, 401, "refresh_token_reused"));
		assertThat(this.jdbc.queryForObject("select revoked_reason from sessions where id = ?::uuid", String.class,
				sessionId))
			.isEqualTo("refresh_token_reused");

		ApiClient winner = racers.get(indexOfWinner(replies));
		String winnerAccess = winner.cookies().value("access_token").orElseThrow();
		assertThat(TokenClaims.sessionId(winnerAccess)).isEqualTo(sessionId);
		assertProblem(winner.get("/users/me"), 401, "access_token_invalid");
		assertProblem(winner.post("/auth/refresh"), 401, "refresh_token_invalid");
		assertProblem(browser.get("/users/me"), 401, "access_token_invalid");
	}

	private static int indexOfWinner(List<Reply> replies) {
		for (int i = 0; i < replies.size(); i++) {
			if (replies.get(i).status() == 200) {
				return i;
			}
		}
		throw new AssertionError("No refresh succeeded");
	}

}
