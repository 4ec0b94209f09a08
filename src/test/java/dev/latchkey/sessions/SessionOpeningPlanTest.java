package dev.latchkey.sessions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TokenClaims;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login's cap reads the user's live sessions only. Revoked sessions are kept until
 * their refresh tokens would have expired, so an account that signs in often keeps
 * thousands; reading them on every login made its cost grow with them.
 */
@IntegrationTest
class SessionOpeningPlanTest {

	private static final int REVOKED = 500;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	MutableClock clock;

	@Test
	@DisplayName("a login of an account with 500 revoked sessions reads none of them to apply the session cap")
	void openWhenUserKeepsManyRevokedSessionsThenCapReadsOnlyLiveOnes() {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(ApiClient.uniqueEmail(), "correct-horse-battery");
		UUID userId = UUID.fromString(TokenClaims.userId(client.cookies().value("access_token").orElseThrow()));
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(7, ChronoUnit.DAYS);
		this.jdbc.sql("""
				insert into sessions (id, user_id, created_at, last_used_at, expires_at, refresh_counter, rotated_at,
				                      revoked_at, revoked_reason, auth_methods)
				select gen_random_uuid(), :userId, :now, :now, :expiresAt, 0, :now, :now, 'logout', 'pwd'
				from generate_series(1, :count)""")
			.param("userId", userId)
			.param("now", RefreshChains.utc(now))
			.param("expiresAt", RefreshChains.utc(expiresAt))
			.param("count", REVOKED)
			.update();

		// As autovacuum would have by then: the planner judges the indexes by the table's
		// statistics, and these rows are new.
		this.jdbc.sql("analyze sessions").update();

		JsonNode plan = planOfOpening(userId, now, expiresAt);

		List<Scan> scans = new ArrayList<>();
		collectSessionScans(plan, scans);
		assertThat(scans).as("the scans of sessions").isNotEmpty();
		assertThat(scans).allSatisfy((scan) -> assertThat(scan.rowsRead()).as(scan.toString()).isLessThan(REVOKED));
	}

	/**
	 * The executed plan of SessionOpening's statement, in a transaction rolled back
	 * after, with sequential scans ruled out so that the plan shows which index serves
	 * the cap whatever the table's size in this shared database.
	 */
	private JsonNode planOfOpening(UUID userId, Instant now, Instant expiresAt) {
		String explained = this.transaction.execute((status) -> {
			status.setRollbackOnly();
			this.jdbc.sql("set local enable_seqscan = off").update();
			return this.jdbc.sql("explain (analyze, format json) " + SessionOpening.OPEN)
				.param("id", UUID.randomUUID())
				.param("userId", userId)
				.param("now", RefreshChains.utc(now))
				.param("expiresAt", RefreshChains.utc(expiresAt))
				.param("userAgent", "plan test")
				.param("ip", "192.0.2.1")
				.param("authMethods", "pwd")
				.param("secondFactorAt", null)
				.param("reason", "session_limit")
				.param("keep", 50)
				.query(String.class)
				.single();
		});
		return JsonMapper.shared().readTree(explained).get(0).get("Plan");
	}

	private static void collectSessionScans(JsonNode node, List<Scan> scans) {
		if ("sessions".equals(node.path("Relation Name").asString(""))
				&& node.path("Node Type").asString().contains("Scan")) {
			long kept = node.path("Actual Rows").asLong() * Math.max(1, node.path("Actual Loops").asLong());
			scans.add(new Scan(node.path("Node Type").asString(), node.path("Index Name").asString(""),
					kept + node.path("Rows Removed by Filter").asLong()
							+ node.path("Rows Removed by Index Recheck").asLong()));
		}
		for (JsonNode child : node.path("Plans")) {
			collectSessionScans(child, scans);
		}
	}

	/** One scan of sessions in the plan, with the rows it read, kept or filtered out. */
	record Scan(String type, String index, long rowsRead) {
	}

}
