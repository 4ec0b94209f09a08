package dev.latchkey.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TokenClaims;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /auth/sessions lists the user's live sessions, one per device, and DELETE
 * /auth/sessions/{id} signs one of them out at once.
 */
@IntegrationTest
class SessionsApiTest {

	private static final String PASSWORD = "correct-horse-battery";

	private static final List<String> SESSION_FIELDS = List.of("id", "created_at", "last_used_at", "expires_at",
			"user_agent", "ip", "current");

	private static final List<String> LOOPBACK = List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Test
	@DisplayName("two devices are two sessions, each with its user agent and address; current marks the caller's")
	void listWhenTwoDevicesThenTwoSessionsAndOnlyCallersIsCurrent() {
		String email = register();
		ApiClient laptop = login(email, "Laptop Browser/1.0");
		ApiClient phone = login(email, "Phone App/2.0");

		List<JsonNode> seenByLaptop = sessions(laptop);
		List<JsonNode> seenByPhone = sessions(phone);

		assertThat(seenByLaptop).hasSize(2);
		for (JsonNode session : seenByLaptop) {
			assertThat(session.propertyNames()).containsExactlyInAnyOrderElementsOf(SESSION_FIELDS);
			assertThat(UUID.fromString(session.path("id").asString())).isNotNull();
			assertThat(session.path("ip").asString()).isIn(LOOPBACK);
			assertThat(Instant.parse(session.path("expires_at").asString()))
				.isAfter(Instant.parse(session.path("created_at").asString()));
			assertThat(session.path("current").isBoolean()).isTrue();
		}
		assertThat(seenByLaptop).extracting((session) -> session.path("user_agent").asString())
			.containsExactlyInAnyOrder("Laptop Browser/1.0", "Phone App/2.0");
		assertThat(seenByLaptop).filteredOn((session) -> session.path("current").asBoolean())
			.singleElement()
			.satisfies((session) -> {
				assertThat(session.path("id").asString()).isEqualTo(sessionIdOf(laptop));
				assertThat(session.path("user_agent").asString()).isEqualTo("Laptop Browser/1.0");
			});
		assertThat(seenByPhone).filteredOn((session) -> session.path("current").asBoolean())
			.singleElement()
			.satisfies((session) -> assertThat(session.path("id").asString()).isEqualTo(sessionIdOf(phone)));
		assertThat(ids(seenByPhone)).containsExactlyInAnyOrderElementsOf(ids(seenByLaptop));
	}

	@Test
	@DisplayName("the list holds only the caller's own sessions")
	void listWhenOtherUsersSignedInThenShowsOnlyOwnSessions() {
		ApiClient mine = login(register(), "Mine/1.0");
		ApiClient theirs = login(register(), "Theirs/1.0");

		assertThat(ids(sessions(mine))).containsExactly(sessionIdOf(mine));
		assertThat(ids(sessions(theirs))).containsExactly(sessionIdOf(theirs));
	}

	@Test
	@DisplayName("sessions are listed most recently used first, and a refresh counts as use")
	void listWhenSessionsUsedAtDifferentTimesThenMostRecentlyUsedFirst() {
		String email = register();
		ApiClient first = login(email, "First/1.0");
		this.clock.advance(Duration.ofMinutes(1));
		ApiClient second = login(email, "Second/1.0");
		this.clock.advance(Duration.ofMinutes(1));
		ApiClient third = login(email, "Third/1.0");

		assertThat(ids(sessions(first))).containsExactly(sessionIdOf(third), sessionIdOf(second), sessionIdOf(first));

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(first.post("/auth/refresh").status()).isEqualTo(200);

		List<JsonNode> afterRefresh = sessions(second);
		assertThat(ids(afterRefresh)).containsExactly(sessionIdOf(first), sessionIdOf(third), sessionIdOf(second));
		assertThat(Instant.parse(afterRefresh.get(0).path("last_used_at").asString()))
			.isAfter(Instant.parse(afterRefresh.get(0).path("created_at").asString()));
	}

	@Test
	@DisplayName("a refresh from another user agent records the device's new user agent")
	void refreshWhenUserAgentChangedThenSessionShowsNewUserAgent() {
		ApiClient device = login(register(), "Browser/1.0");

		Reply refreshed = device.send("POST", "/auth/refresh", Map.of("User-Agent", "Browser/2.0"), "");

		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(sessions(device)).singleElement()
			.satisfies((session) -> assertThat(session.path("user_agent").asString()).isEqualTo("Browser/2.0"));
	}

	@Test
	@DisplayName("deleting another device's session answers 204; that device's access token is refused at once and it cannot refresh")
	void deleteWhenOtherDeviceSessionThenItsTokensStopAtOnce() {
		String email = register();
		ApiClient laptop = login(email, "Laptop/1.0");
		ApiClient stolenPhone = login(email, "Phone/1.0");
		String phoneSession = sessionIdOf(stolenPhone);
		assertThat(stolenPhone.get("/users/me").status()).isEqualTo(200);

		Reply deleted = delete(laptop, phoneSession);

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		assertThat(deleted.setCookies()).as("the caller's own cookies are untouched").isEmpty();
		Reply refused = stolenPhone.get("/users/me");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.code()).isEqualTo("access_token_invalid");
		Reply refresh = stolenPhone.post("/auth/refresh");
		assertThat(refresh.status()).isEqualTo(401);
		assertThat(refresh.code()).isEqualTo("refresh_token_invalid");
		assertThat(laptop.get("/users/me").status()).as("the caller stays signed in").isEqualTo(200);
		assertThat(ids(sessions(laptop))).containsExactly(sessionIdOf(laptop));
	}

	@Test
	@DisplayName("deleting a session twice answers 404 the second time")
	void deleteWhenSessionAlreadyEndedThen404() {
		String email = register();
		ApiClient laptop = login(email, "Laptop/1.0");
		ApiClient phone = login(email, "Phone/1.0");
		assertThat(delete(laptop, sessionIdOf(phone)).status()).isEqualTo(204);

		assertProblem(delete(laptop, sessionIdOf(phone)), 404, "session_not_found");
	}

	@Test
	@DisplayName("deleting the caller's own session answers 204, clears both cookies and signs the caller out")
	void deleteWhenCurrentSessionThenClearsCookiesAndSignsOut() {
		String email = register();
		ApiClient laptop = login(email, "Laptop/1.0");
		ApiClient phone = login(email, "Phone/1.0");
		String accessToken = laptop.cookies().value("access_token").orElseThrow();
		String refreshToken = laptop.cookies().value("refresh_token").orElseThrow();

		Reply deleted = delete(laptop, sessionIdOf(laptop));

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(deleted.setCookies()).hasSize(2)
			.anySatisfy((
					cookie) -> assertThat(cookie).startsWith("access_token=;").contains("Max-Age=0").contains("Path=/"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("refresh_token=;")
				.contains("Max-Age=0")
				.contains("Path=/auth"));
		assertThat(deleted.header("Cache-Control")).anySatisfy((value) -> assertThat(value).contains("no-store"));
		assertThat(laptop.cookies().value("access_token")).isEmpty();
		assertThat(laptop.cookies().value("refresh_token")).isEmpty();

		ApiClient replay = new ApiClient(this.port);
		replay.cookies().set("access_token", accessToken, "/");
		replay.cookies().set("refresh_token", refreshToken, "/auth");
		assertThat(replay.get("/users/me").status()).as("the old access token is refused at once").isEqualTo(401);
		assertThat(replay.post("/auth/refresh").status()).isEqualTo(401);
		assertThat(phone.get("/users/me").status()).as("the other device stays signed in").isEqualTo(200);
		assertThat(ids(sessions(phone))).containsExactly(sessionIdOf(phone));
	}

	@Test
	@DisplayName("another user's session id answers 404 session_not_found and that session keeps working")
	void deleteWhenAnotherUsersSessionThen404AndSessionUntouched() {
		ApiClient attacker = login(register(), "Attacker/1.0");
		ApiClient victim = login(register(), "Victim/1.0");
		String victimSession = sessionIdOf(victim);

		Reply refused = delete(attacker, victimSession);

		assertProblem(refused, 404, "session_not_found");
		Reply unknown = delete(attacker, UUID.randomUUID().toString());
		assertProblem(unknown, 404, "session_not_found");
		assertThat(refused.json().path("detail")).as("another user's session looks exactly like none")
			.isEqualTo(unknown.json().path("detail"));
		assertThat(victim.get("/users/me").status()).isEqualTo(200);
		assertThat(victim.post("/auth/refresh").status()).isEqualTo(200);
		assertThat(ids(sessions(victim))).containsExactly(victimSession);
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g", "%20",
			"00000000-0000-0000-0000-000000000000" })
	@DisplayName("a malformed or impossible session id answers 404 session_not_found")
	void deleteWhenIdMalformedThen404(String id) {
		ApiClient device = login(register(), "Device/1.0");

		assertProblem(delete(device, id), 404, "session_not_found");
		assertThat(device.get("/users/me").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("without an access cookie both endpoints answer 401 not_authenticated")
	void sessionsWhenNotAuthenticatedThen401() {
		ApiClient anonymous = new ApiClient(this.port);
		ApiClient device = login(register(), "Device/1.0");

		assertProblem(anonymous.get("/auth/sessions"), 401, "not_authenticated");
		assertProblem(delete(anonymous, sessionIdOf(device)), 401, "not_authenticated");
		assertThat(device.get("/users/me").status()).as("nothing was revoked").isEqualTo(200);
	}

	@Test
	@DisplayName("a refresh cookie alone does not authenticate the sessions endpoints")
	void sessionsWhenOnlyRefreshCookieThen401() {
		ApiClient device = login(register(), "Device/1.0");
		ApiClient refreshOnly = new ApiClient(this.port);
		refreshOnly.cookies().set("refresh_token", device.cookies().value("refresh_token").orElseThrow(), "/");

		assertThat(refreshOnly.get("/auth/sessions").status()).isEqualTo(401);
	}

	@Test
	@DisplayName("sessions ended by logout, by deletion or by logout-all are not listed")
	void listWhenSessionsRevokedThenNotListed() {
		String email = register();
		ApiClient stays = login(email, "Stays/1.0");
		ApiClient loggedOut = login(email, "LoggedOut/1.0");
		ApiClient deleted = login(email, "Deleted/1.0");
		String loggedOutSession = sessionIdOf(loggedOut);
		assertThat(ids(sessions(stays))).hasSize(3);

		assertThat(loggedOut.post("/auth/logout").status()).isEqualTo(200);
		assertThat(delete(stays, sessionIdOf(deleted)).status()).isEqualTo(204);

		assertThat(ids(sessions(stays))).containsExactly(sessionIdOf(stays)).doesNotContain(loggedOutSession);

		assertThat(stays.post("/auth/logout-all").status()).isEqualTo(200);
		ApiClient again = login(email, "Again/1.0");
		assertThat(ids(sessions(again))).containsExactly(sessionIdOf(again));
	}

	@Test
	@DisplayName("a session whose refresh token expired unused is not listed, while a refreshed one is")
	void listWhenSessionExpiredThenNotListed() {
		String email = register();
		ApiClient abandoned = login(email, "Abandoned/1.0");
		String abandonedSession = sessionIdOf(abandoned);
		this.clock.advance(Duration.ofDays(6));
		ApiClient active = login(email, "Active/1.0");
		assertThat(ids(sessions(active))).containsExactlyInAnyOrder(abandonedSession, sessionIdOf(active));

		this.clock.advance(Duration.ofDays(1).plusHours(1));
		assertThat(active.post("/auth/refresh").status()).isEqualTo(200);

		assertThat(ids(sessions(active))).containsExactly(sessionIdOf(active));
		assertProblem(delete(active, abandonedSession), 404, "session_not_found");
	}

	private String register() {
		String email = ApiClient.uniqueEmail();
		Reply registered = new ApiClient(this.port).post("/auth/register",
				Map.of("email", email, "password", PASSWORD));
		assertThat(registered.status()).isEqualTo(201);
		return email;
	}

	/** A new device (its own cookie jar) signed in with the given User-Agent. */
	private ApiClient login(String email, String userAgent) {
		ApiClient device = new ApiClient(this.port);
		Reply login = device.send("POST", "/auth/login",
				Map.of("Content-Type", "application/json", "User-Agent", userAgent),
				JsonMapper.shared().writeValueAsString(Map.of("email", email, "password", PASSWORD)));
		assertThat(login.status()).isEqualTo(200);
		return device;
	}

	private static List<JsonNode> sessions(ApiClient device) {
		Reply reply = device.get("/auth/sessions");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		assertThat(reply.json().isArray()).isTrue();
		List<JsonNode> sessions = new ArrayList<>();
		reply.json().forEach(sessions::add);
		return sessions;
	}

	private static List<String> ids(List<JsonNode> sessions) {
		return sessions.stream().map((session) -> session.path("id").asString()).toList();
	}

	private static String sessionIdOf(ApiClient device) {
		return TokenClaims.sessionId(device.cookies().value("access_token").orElseThrow());
	}

	private static Reply delete(ApiClient device, String sessionId) {
		return device.send("DELETE", "/auth/sessions/" + sessionId, Map.of(), "");
	}

	private static void assertProblem(Reply reply, int status, String code) {
		assertThat(reply.status()).isEqualTo(status);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.code()).isEqualTo(code);
	}

}
