package dev.latchkey.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.CookieJar;
import dev.latchkey.support.Authenticator;
import dev.latchkey.support.SoftwarePasskey;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TestMailServer;
import dev.latchkey.web.OpenApiDocument.Exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The API document tells the truth: every operation in /openapi.json is driven over real
 * HTTP through its success and through each documented failure that a client can reach,
 * and every answer is checked against the document (status documented, media type
 * documented, body valid by its schema, no undocumented field); every request the server
 * accepted is checked too (credentials and body as documented). The document checked is
 * written to target/openapi.json, where CI lints it with Redocly CLI.
 * <p>
 * The last test fails when an operation or a documented answer was never exercised, so a
 * new endpoint, or a new failure, cannot escape this test: exercise it here, or say in
 * {@link #NOT_REACHED} why it cannot be.
 * <p>
 * Abuse limits are on (the settings of RateLimitsTest, so the two share one application),
 * and every simulated device speaks from an address of its own through X-Forwarded-For.
 */
@IntegrationTest
@TestPropertySource(properties = { "RATE_LIMITS_ENABLED=true", "RATE_LIMIT_LOGINS_PER_ADDRESS=20/15m",
		"RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS=3/15m", "RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE=3/15m",
		"RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT=8/15m", "RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS=6/15m",
		"RATE_LIMIT_REGISTRATIONS_PER_ADDRESS=4/1h", "RATE_LIMIT_REFRESHES_PER_SESSION=5/1h",
		"RATE_LIMIT_MAIL_REQUESTS_PER_EMAIL=3/1h", "RATE_LIMIT_MAIL_REQUESTS_PER_ADDRESS=6/1h",
		"RATE_LIMIT_TOKEN_FAILURES_PER_ADDRESS=3/15m", "TRUSTED_PROXIES=127.0.0.1,::1" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiContractTest {

	private static final TestMailServer mailbox = TestMailServer.shared();

	/**
	 * Documented answers this test cannot bring about, each with the reason and the test
	 * that does. Keys are {@code METHOD /path status}; {@code *} stands for any
	 * operation.
	 */
	static final Map<String, String> NOT_REACHED = Map.of("* 503",
			"needs the database gone (DatabaseOutageTest) or the password hashing pool full (PasswordHasherTest); "
					+ "ApiExceptionHandler answers it with the same problem as every other failure");

	static final String PASSWORD = "contract-password-1";

	static final String WRONG_PASSWORD = "not-the-password-1";

	static final String JSON = "application/json";

	/** More than the 64 KB request body limit, announced in Content-Length. */
	static final String TOO_LARGE = "{\"padding\": \"" + "x".repeat(70_000) + "\"}";

	static final Map<String, String> CROSS_SITE = Map.of("Sec-Fetch-Site", "cross-site");

	static final Map<String, String> FOREIGN_ORIGIN = Map.of("Origin", "https://elsewhere.example");

	private static final JsonMapper json = JsonMapper.shared();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	private OpenApiDocument document;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** What the current test saw depart from the document. */
	private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

	@BeforeAll
	void readTheDocument() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/openapi.json")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		this.document = new OpenApiDocument(response.body());
		Path written = Path.of("target", "openapi.json");
		Files.createDirectories(written.getParent());
		Files.writeString(written, json.writerWithDefaultPrettyPrinter().writeValueAsString(this.document.json()));
	}

	@AfterEach
	void everyAnswerMatchedTheDocument() {
		List<String> seen = List.copyOf(this.violations);
		this.violations.clear();
		assertThat(seen).as("answers (and accepted requests) that the document does not describe").isEmpty();
	}

	@Test
	@Order(1)
	@DisplayName("POST /auth/register: 201, and 400, 403, 409, 413, 415, 422, 429")
	void register() {
		Device device = new Device();
		String email = uniqueEmail();

		Exchange created = device.send("POST", "/auth/register", Map.of("email", email, "password", PASSWORD));
		assertThat(created.status()).isEqualTo(201);
		assertThat(tree(created).path("full_name").isNull()).isTrue();
		Exchange named = device.send("POST", "/auth/register",
				Map.of("email", uniqueEmail(), "password", PASSWORD, "full_name", "Ann Example"));
		assertThat(named.status()).isEqualTo(201);
		Exchange explicitNull = device.send("POST", "/auth/register",
				"{\"email\": \"" + uniqueEmail() + "\", \"password\": \"" + PASSWORD + "\", \"full_name\": null}");
		assertThat(explicitNull.status()).isEqualTo(201);

		assertProblem(device.send("POST", "/auth/register", Map.of("email", email, "password", PASSWORD)), 409,
				"email_taken");
		assertFailuresOfABody(device, "POST", "/auth/register");
		assertProblem(
				new Device().send("POST", "/auth/register", JSON,
						json.writeValueAsString(Map.of("email", uniqueEmail(), "password", PASSWORD)), CROSS_SITE),
				403, "cross_origin_request");

		Device flood = new Device();
		Exchange last;
		int attempts = 0;
		do {
			last = flood.send("POST", "/auth/register", Map.of("email", uniqueEmail(), "password", PASSWORD));
		}
		while (last.status() == 201 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(2)
	@DisplayName("POST /auth/login: 200 with and without a User-Agent, and 400, 401, 403, 413, 415, 422, 429")
	void login() {
		Device device = new Device();
		String email = device.register();

		Exchange signedIn = device.send("POST", "/auth/login", Map.of("email", email, "password", PASSWORD));
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(device.cookies.value("access_token")).isPresent();
		Device withoutUserAgent = new Device();
		Exchange anonymous = withoutUserAgent.sendWithoutUserAgent("POST", "/auth/login",
				json.writeValueAsString(Map.of("email", email, "password", PASSWORD)));
		assertThat(anonymous.status()).isEqualTo(200);

		assertProblem(new Device().send("POST", "/auth/login", Map.of("email", email, "password", WRONG_PASSWORD)), 401,
				"invalid_credentials");
		assertFailuresOfABody(device, "POST", "/auth/login");
		assertProblem(
				new Device().send("POST", "/auth/login", JSON,
						json.writeValueAsString(Map.of("email", email, "password", PASSWORD)), CROSS_SITE),
				403, "cross_origin_request");

		Device disabled = new Device();
		String disabledEmail = disabled.register();
		assertThat(this.jdbc.update("update users set is_active = false where email = ?", disabledEmail)).isEqualTo(1);
		assertProblem(disabled.send("POST", "/auth/login", Map.of("email", disabledEmail, "password", PASSWORD)), 403,
				"account_disabled");

		Device guesser = new Device();
		String target = guesser.register();
		Exchange last;
		int attempts = 0;
		do {
			last = new Device().send("POST", "/auth/login", Map.of("email", target, "password", WRONG_PASSWORD));
		}
		while (last.status() == 401 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(3)
	@DisplayName("GET /auth/sessions: 200 with a session whose device sent no User-Agent, and 401, 403, 413")
	void listSessions() {
		Device device = new Device();
		String email = device.register();
		device.signIn(email);
		Device withoutUserAgent = new Device();
		Exchange login = withoutUserAgent.sendWithoutUserAgent("POST", "/auth/login",
				json.writeValueAsString(Map.of("email", email, "password", PASSWORD)));
		assertThat(login.status()).isEqualTo(200);

		Exchange listed = device.send("GET", "/auth/sessions");
		assertThat(listed.status()).isEqualTo(200);
		assertThat(tree(listed).findValues("user_agent")).as("sessions' user agents").anyMatch(JsonNode::isNull);

		assertFailuresOfTheAccessCookie("GET", "/auth/sessions");
		assertProblem(device.send("GET", "/auth/sessions", null, "", FOREIGN_ORIGIN), 403, "cross_origin_request");
		assertProblem(device.send("GET", "/auth/sessions", JSON, TOO_LARGE, Map.of()), 413, "payload_too_large");
	}

	@Test
	@Order(4)
	@DisplayName("DELETE /auth/sessions/{id}: 204, and 401, 403, 404, 413")
	void revokeSession() {
		Device device = new Device();
		String email = device.register();
		device.signIn(email);
		Device other = new Device();
		other.signIn(email);
		String otherId = currentSessionId(other);

		assertThat(device.send("DELETE", "/auth/sessions/" + otherId).status()).isEqualTo(204);
		assertProblem(device.send("DELETE", "/auth/sessions/" + otherId), 404, "session_not_found");
		assertProblem(device.send("DELETE", "/auth/sessions/" + UUID.randomUUID()), 404, "session_not_found");
		assertProblem(device.send("DELETE", "/auth/sessions/not-a-session-id"), 404, "session_not_found");

		assertFailuresOfTheAccessCookie("DELETE", "/auth/sessions/" + UUID.randomUUID());
		assertProblem(device.send("DELETE", "/auth/sessions/" + UUID.randomUUID(), null, "", CROSS_SITE), 403,
				"cross_origin_request");
		assertProblem(device.send("DELETE", "/auth/sessions/" + UUID.randomUUID(), JSON, TOO_LARGE, Map.of()), 413,
				"payload_too_large");

		String ownId = currentSessionId(device);
		assertThat(device.send("DELETE", "/auth/sessions/" + ownId).status()).isEqualTo(204);
	}

	@Test
	@Order(5)
	@DisplayName("POST /auth/refresh: 200, and 401, 403, 413, 429")
	void refresh() {
		Device device = new Device();
		device.signIn(device.register());

		assertThat(device.send("POST", "/auth/refresh").status()).isEqualTo(200);
		assertProblem(new Device().send("POST", "/auth/refresh"), 401, "refresh_token_missing");
		Device forger = new Device();
		forger.cookies.set("refresh_token", "not-a-refresh-token", "/auth");
		assertProblem(forger.send("POST", "/auth/refresh"), 401, "refresh_token_invalid");
		assertProblem(device.send("POST", "/auth/refresh", null, "", CROSS_SITE), 403, "cross_origin_request");
		assertProblem(device.send("POST", "/auth/refresh", JSON, TOO_LARGE, Map.of()), 413, "payload_too_large");

		Exchange last;
		int attempts = 0;
		do {
			last = device.send("POST", "/auth/refresh");
		}
		while (last.status() == 200 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(6)
	@DisplayName("POST /auth/logout: 200 with and without a session, and 403, 413")
	void logout() {
		Device device = new Device();
		device.signIn(device.register());

		assertProblem(device.send("POST", "/auth/logout", null, "", CROSS_SITE), 403, "cross_origin_request");
		assertProblem(device.send("POST", "/auth/logout", JSON, TOO_LARGE, Map.of()), 413, "payload_too_large");
		assertThat(device.send("POST", "/auth/logout").status()).isEqualTo(200);
		assertThat(device.send("POST", "/auth/logout").status()).as("signing out again").isEqualTo(200);
	}

	@Test
	@Order(7)
	@DisplayName("POST /auth/logout-all: 200, and 401, 403, 413")
	void logoutEverywhere() {
		Device device = new Device();
		String email = device.register();
		device.signIn(email);
		new Device().signIn(email);

		assertFailuresOfTheAccessCookie("POST", "/auth/logout-all");
		assertProblem(device.send("POST", "/auth/logout-all", null, "", CROSS_SITE), 403, "cross_origin_request");
		assertProblem(device.send("POST", "/auth/logout-all", JSON, TOO_LARGE, Map.of()), 413, "payload_too_large");
		Exchange everywhere = device.send("POST", "/auth/logout-all");
		assertThat(everywhere.status()).isEqualTo(200);
		assertThat(tree(everywhere).path("revoked_sessions").asInt()).isPositive();
	}

	@Test
	@Order(8)
	@DisplayName("GET and PATCH /users/me: 200 with and without a full name, and 400, 401, 403, 413, 415, 422")
	void profile() {
		Device device = new Device();
		device.signIn(device.register());

		Exchange me = device.send("GET", "/users/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(tree(me).path("full_name").isNull()).isTrue();
		assertFailuresOfTheAccessCookie("GET", "/users/me");
		assertProblem(device.send("GET", "/users/me", null, "", FOREIGN_ORIGIN), 403, "cross_origin_request");
		assertProblem(device.send("GET", "/users/me", JSON, TOO_LARGE, Map.of()), 413, "payload_too_large");

		Exchange renamed = device.send("PATCH", "/users/me", Map.of("full_name", "Ann Example"));
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(tree(renamed).path("full_name").asString()).isEqualTo("Ann Example");
		assertThat(device.send("GET", "/users/me").status()).isEqualTo(200);
		Exchange unnamed = device.send("PATCH", "/users/me", "{\"full_name\": null}");
		assertThat(unnamed.status()).isEqualTo(200);
		assertThat(tree(unnamed).path("full_name").isNull()).isTrue();
		assertThat(device.send("PATCH", "/users/me", "{}").status()).as("an empty change").isEqualTo(200);

		assertFailuresOfABody(device, "PATCH", "/users/me");
		assertFailuresOfTheAccessCookie("PATCH", "/users/me");
	}

	@Test
	@Order(9)
	@DisplayName("POST /users/me/password: 200, and 400, 401, 403, 413, 415, 422, 429")
	void changePassword() {
		Device device = new Device();
		device.signIn(device.register());

		Exchange changed = device.send("POST", "/users/me/password",
				Map.of("current_password", PASSWORD, "new_password", "a-new-password-2"));
		assertThat(changed.status()).isEqualTo(200);
		assertProblem(
				device.send("POST", "/users/me/password",
						Map.of("current_password", WRONG_PASSWORD, "new_password", "a-new-password-3")),
				403, "invalid_password");
		assertFailuresOfABody(device, "POST", "/users/me/password");
		assertFailuresOfTheAccessCookie("POST", "/users/me/password");

		Exchange last;
		int attempts = 0;
		do {
			last = device.send("POST", "/users/me/password",
					Map.of("current_password", WRONG_PASSWORD, "new_password", "a-new-password-3"));
		}
		while (last.status() == 403 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(10)
	@DisplayName("DELETE /users/me: 204, and 400, 401, 403, 413, 422, 429")
	void deleteAccount() {
		Device device = new Device();
		device.signIn(device.register());

		assertProblem(device.send("DELETE", "/users/me", Map.of("password", WRONG_PASSWORD)), 403, "invalid_password");
		assertFailuresOfABody(device, "DELETE", "/users/me");
		assertFailuresOfTheAccessCookie("DELETE", "/users/me");
		assertThat(device.send("DELETE", "/users/me", Map.of("password", PASSWORD)).status()).isEqualTo(204);
		assertProblem(device.send("GET", "/users/me"), 401, null);

		Device guessed = new Device();
		guessed.signIn(guessed.register());
		Exchange last;
		int attempts = 0;
		do {
			last = guessed.send("DELETE", "/users/me", Map.of("password", WRONG_PASSWORD));
		}
		while (last.status() == 403 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(11)
	@DisplayName("POST /auth/forgot-password: 202 for an account and for none, and 400, 403, 413, 415, 422, 429")
	void forgotPassword() {
		Device device = new Device();
		String email = device.register();

		assertThat(device.send("POST", "/auth/forgot-password", Map.of("email", email)).status()).isEqualTo(202);
		assertThat(new Device().send("POST", "/auth/forgot-password", Map.of("email", uniqueEmail())).status())
			.isEqualTo(202);
		assertFailuresOfABody(device, "POST", "/auth/forgot-password");
		assertThat(mailbox.awaitToken(email, "reset-password", 1)).isNotBlank();

		String target = uniqueEmail();
		Exchange last;
		int attempts = 0;
		do {
			last = new Device().send("POST", "/auth/forgot-password", Map.of("email", target));
		}
		while (last.status() == 202 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(12)
	@DisplayName("POST /auth/reset-password: 200, and 400, 403, 413, 415, 422, 429")
	void resetPassword() {
		Device device = new Device();
		String email = device.register();
		device.send("POST", "/auth/forgot-password", Map.of("email", email));
		String token = mailbox.awaitToken(email, "reset-password", 1);

		Exchange reset = device.send("POST", "/auth/reset-password", Map.of("token", token, "password", PASSWORD));
		assertThat(reset.status()).isEqualTo(200);
		assertProblem(device.send("POST", "/auth/reset-password", Map.of("token", token, "password", PASSWORD)), 400,
				"reset_token_invalid");
		Device late = new Device();
		String lateEmail = late.register();
		late.send("POST", "/auth/forgot-password", Map.of("email", lateEmail));
		String lateToken = mailbox.awaitToken(lateEmail, "reset-password", 1);
		this.clock.advance(Duration.ofMinutes(61));
		assertProblem(late.send("POST", "/auth/reset-password", Map.of("token", lateToken, "password", PASSWORD)), 400,
				"reset_token_expired");
		assertFailuresOfABody(device, "POST", "/auth/reset-password");

		Device guesser = new Device();
		Exchange last;
		int attempts = 0;
		do {
			last = guesser.send("POST", "/auth/reset-password", Map.of("token", "A".repeat(44), "password", PASSWORD));
		}
		while (last.status() == 400 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(13)
	@DisplayName("POST /auth/request-verify-token: 202 for an account and for none, and 400, 403, 413, 415, 422, 429")
	void requestVerifyToken() {
		Device device = new Device();
		String email = device.register();

		assertThat(device.send("POST", "/auth/request-verify-token", Map.of("email", email)).status()).isEqualTo(202);
		assertThat(new Device().send("POST", "/auth/request-verify-token", Map.of("email", uniqueEmail())).status())
			.isEqualTo(202);
		assertFailuresOfABody(device, "POST", "/auth/request-verify-token");
		assertThat(mailbox.awaitToken(email, "verify", 2)).isNotBlank();

		Device flood = new Device();
		Exchange last;
		int attempts = 0;
		do {
			last = flood.send("POST", "/auth/request-verify-token", Map.of("email", uniqueEmail()));
		}
		while (last.status() == 202 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(14)
	@DisplayName("POST /auth/verify: 200, and 400, 403, 413, 415, 422, 429")
	void verify() {
		Device device = new Device();
		String email = device.register();
		String token = mailbox.awaitToken(email, "verify", 1);

		Exchange verified = device.send("POST", "/auth/verify", Map.of("token", token));
		assertThat(verified.status()).isEqualTo(200);
		assertThat(tree(verified).path("is_verified").asBoolean()).isTrue();
		assertProblem(device.send("POST", "/auth/verify", Map.of("token", token)), 400, "verify_token_invalid");
		Device late = new Device();
		String lateEmail = late.register();
		String lateToken = mailbox.awaitToken(lateEmail, "verify", 1);
		this.clock.advance(Duration.ofHours(25));
		assertProblem(late.send("POST", "/auth/verify", Map.of("token", lateToken)), 400, "verify_token_expired");
		assertFailuresOfABody(device, "POST", "/auth/verify");

		Device guesser = new Device();
		Exchange last;
		int attempts = 0;
		do {
			last = guesser.send("POST", "/auth/verify", Map.of("token", "A".repeat(44)));
		}
		while (last.status() == 400 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(15)
	@DisplayName("POST /users/me/email: 202, and 400, 401, 403, 409, 413, 415, 422, 429")
	void changeEmail() {
		Device device = new Device();
		String email = device.register();
		device.signIn(email);
		String newEmail = uniqueEmail();

		assertThat(device.send("POST", "/users/me/email", Map.of("new_email", newEmail, "password", PASSWORD)).status())
			.isEqualTo(202);
		String token = mailbox.awaitToken(newEmail, "verify", 1);
		assertThat(tree(device.send("POST", "/auth/verify", Map.of("token", token))).path("email").asString())
			.isEqualTo(newEmail);
		assertProblem(
				device.send("POST", "/users/me/email", Map.of("new_email", uniqueEmail(), "password", WRONG_PASSWORD)),
				403, "invalid_password");
		assertProblem(device.send("POST", "/users/me/email", Map.of("new_email", newEmail, "password", PASSWORD)), 409,
				"email_taken");
		assertFailuresOfABody(device, "POST", "/users/me/email");
		assertFailuresOfTheAccessCookie("POST", "/users/me/email");

		String wanted = uniqueEmail();
		Exchange last;
		int attempts = 0;
		do {
			last = device.send("POST", "/users/me/email", Map.of("new_email", wanted, "password", PASSWORD));
		}
		while (last.status() == 202 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
	}

	@Test
	@Order(16)
	@DisplayName("the second factor: status, enrolment, confirmation, step-up, recovery codes, removal, and signing in with it")
	void secondFactor() {
		Device device = new Device();
		String email = device.register();
		device.signIn(email);

		assertThat(device.send("GET", "/users/me/mfa").status()).isEqualTo(200);
		assertFailuresOfTheAccessCookie("GET", "/users/me/mfa");
		assertFailuresWithoutABody(device, "GET", "/users/me/mfa");

		assertProblem(device.send("POST", "/users/me/mfa/recovery-codes"), 404, "mfa_not_enabled");
		assertProblem(device.send("DELETE", "/users/me/mfa/totp"), 404, "totp_not_enabled");
		assertProblem(device.send("POST", "/auth/mfa/step-up", Map.of("code", "123456")), 404, "mfa_not_enabled");
		assertProblem(device.send("POST", "/users/me/mfa/totp/confirm", Map.of("code", "123456")), 400,
				"mfa_code_invalid");
		Exchange started = device.send("POST", "/users/me/mfa/totp");
		assertThat(started.status()).isEqualTo(200);
		String secret = tree(started).path("secret").asString();
		assertFailuresOfTheAccessCookie("POST", "/users/me/mfa/totp");
		assertFailuresWithoutABody(device, "POST", "/users/me/mfa/totp");
		assertProblem(
				device.send("POST", "/users/me/mfa/totp/confirm",
						Map.of("code", Authenticator.wrongCode(secret, this.clock.instant()))),
				400, "mfa_code_invalid");
		assertFailuresOfABody(device, "POST", "/users/me/mfa/totp/confirm");
		assertFailuresOfTheAccessCookie("POST", "/users/me/mfa/totp/confirm");
		assertThat(device.send("POST", "/users/me/mfa/totp/confirm", Map.of("code", code(secret))).status())
			.isEqualTo(200);
		assertProblem(device.send("POST", "/users/me/mfa/totp"), 409, "totp_already_enabled");
		assertProblem(device.send("POST", "/users/me/mfa/totp/confirm", Map.of("code", code(secret))), 409,
				"totp_already_enabled");

		assertThat(device.send("POST", "/users/me/mfa/recovery-codes").status()).isEqualTo(200);
		assertFailuresOfTheAccessCookie("POST", "/users/me/mfa/recovery-codes");
		assertFailuresWithoutABody(device, "POST", "/users/me/mfa/recovery-codes");

		this.clock.advance(Duration.ofMinutes(11));
		assertProblem(device.send("POST", "/users/me/mfa/recovery-codes"), 403, "step_up_required");
		assertProblem(device.send("DELETE", "/users/me/mfa/totp"), 403, "step_up_required");
		assertProblem(
				device.send("POST", "/auth/mfa/step-up",
						Map.of("code", Authenticator.wrongCode(secret, this.clock.instant()))),
				400, "mfa_code_invalid");
		assertFailuresOfABody(device, "POST", "/auth/mfa/step-up");
		assertFailuresOfTheAccessCookie("POST", "/auth/mfa/step-up");
		assertThat(device.send("POST", "/auth/mfa/step-up", Map.of("code", code(secret))).status()).isEqualTo(204);

		Device signingIn = new Device();
		Exchange challenged = signingIn.send("POST", "/auth/login", Map.of("email", email, "password", PASSWORD));
		assertThat(tree(challenged).path("mfa_required").asBoolean()).isTrue();
		assertProblem(new Device().send("POST", "/auth/mfa/verify", Map.of("code", "123456")), 401,
				"mfa_challenge_invalid");
		assertProblem(
				signingIn.send("POST", "/auth/mfa/verify",
						Map.of("code", Authenticator.wrongCode(secret, this.clock.instant()))),
				401, "mfa_code_invalid");
		assertFailuresOfABody(signingIn, "POST", "/auth/mfa/verify");
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(signingIn.send("POST", "/auth/mfa/verify", Map.of("code", code(secret))).status()).isEqualTo(200);

		Device guesser = new Device();
		Exchange last;
		int attempts = 0;
		do {
			if (attempts % MFA_TRIES == 0) {
				guesser.send("POST", "/auth/login", Map.of("email", email, "password", PASSWORD));
			}
			last = guesser.send("POST", "/auth/mfa/verify",
					Map.of("code", Authenticator.wrongCode(secret, this.clock.instant())));
		}
		while (last.status() == 401 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");

		do {
			last = signingIn.send("POST", "/auth/mfa/step-up",
					Map.of("code", Authenticator.wrongCode(secret, this.clock.instant())));
		}
		while (last.status() == 400 && ++attempts < 40);
		assertProblem(last, 429, "rate_limited");

		assertFailuresOfTheAccessCookie("DELETE", "/users/me/mfa/totp");
		assertFailuresWithoutABody(device, "DELETE", "/users/me/mfa/totp");
		assertThat(device.send("DELETE", "/users/me/mfa/totp").status()).isEqualTo(204);
	}

	@Test
	@Order(17)
	@DisplayName("passkeys: adding, listing and removing them, signing in with one, and one as the second factor")
	void passkeys() {
		Device late = new Device();
		late.signIn(late.register());
		this.clock.advance(Duration.ofMinutes(11));
		assertProblem(late.send("POST", "/users/me/passkeys/options"), 403, "recent_sign_in_required");
		assertProblem(
				late.send("POST", "/users/me/passkeys", Map.of("credential", Map.of("id", "AAAA"), "name", "Key")), 403,
				"recent_sign_in_required");

		Device device = new Device();
		String email = device.register();
		device.signIn(email);
		SoftwarePasskey key = new SoftwarePasskey();
		assertThat(device.send("GET", "/users/me/passkeys").status()).isEqualTo(200);
		assertFailuresOfTheAccessCookie("GET", "/users/me/passkeys");
		assertFailuresWithoutABody(device, "GET", "/users/me/passkeys");
		assertProblem(device.send("POST", "/auth/mfa/step-up/passkey/options"), 404, "passkey_not_enabled");
		assertProblem(device.send("POST", "/auth/mfa/step-up/passkey", Map.of("credential", Map.of("id", "AAAA"))), 404,
				"mfa_not_enabled");

		Exchange options = device.send("POST", "/users/me/passkeys/options");
		assertThat(options.status()).isEqualTo(200);
		assertFailuresOfTheAccessCookie("POST", "/users/me/passkeys/options");
		assertFailuresWithoutABody(device, "POST", "/users/me/passkeys/options");
		assertProblem(
				device.send("POST", "/users/me/passkeys", Map.of("credential", Map.of("id", "AAAA"), "name", "Key")),
				400, "passkey_invalid");
		assertFailuresOfABody(device, "POST", "/users/me/passkeys");
		assertFailuresOfTheAccessCookie("POST", "/users/me/passkeys");
		Map<String, Object> created = key.create(tree(options), ownOrigin());
		assertThat(device.send("POST", "/users/me/passkeys", Map.of("credential", created, "name", "Laptop")).status())
			.isEqualTo(201);
		Map<String, Object> again = key.create(tree(device.send("POST", "/users/me/passkeys/options")), ownOrigin());
		assertProblem(device.send("POST", "/users/me/passkeys", Map.of("credential", again, "name", "Laptop")), 409,
				"passkey_already_registered");
		String passkeyId = tree(device.send("GET", "/users/me/passkeys")).path(0).path("id").asString();

		Device anyone = new Device();
		Exchange signInOptions = anyone.send("POST", "/auth/passkey/options");
		assertThat(signInOptions.status()).isEqualTo(200);
		assertFailuresWithoutABody(anyone, "POST", "/auth/passkey/options");
		assertThat(anyone
			.send("POST", "/auth/passkey/login", Map.of("credential", key.get(tree(signInOptions), ownOrigin())))
			.status()).isEqualTo(200);
		assertProblem(anyone.send("POST", "/auth/passkey/login", Map.of("credential", Map.of("id", "AAAA"))), 401,
				"passkey_invalid");
		assertFailuresOfABody(anyone, "POST", "/auth/passkey/login");
		Exchange last;
		int attempts = 0;
		do {
			last = anyone.send("POST", "/auth/passkey/login", Map.of("credential", Map.of("id", "AAAA")));
		}
		while (last.status() == 401 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");
		Device flood = new Device();
		attempts = 0;
		do {
			last = flood.send("POST", "/auth/passkey/options");
		}
		while (last.status() == 200 && ++attempts < 40);
		assertProblem(last, 429, "rate_limited");

		Device signingIn = new Device();
		assertProblem(signingIn.send("POST", "/auth/mfa/passkey/options"), 401, "mfa_challenge_invalid");
		assertProblem(signingIn.send("POST", "/auth/mfa/passkey", Map.of("credential", Map.of("id", "AAAA"))), 401,
				"mfa_challenge_invalid");
		signingIn.signIn(email);
		Exchange secondStep = signingIn.send("POST", "/auth/mfa/passkey/options");
		assertThat(secondStep.status()).isEqualTo(200);
		assertFailuresWithoutABody(signingIn, "POST", "/auth/mfa/passkey/options");
		assertProblem(signingIn.send("POST", "/auth/mfa/passkey", Map.of("credential", Map.of("id", "AAAA"))), 401,
				"passkey_invalid");
		assertFailuresOfABody(signingIn, "POST", "/auth/mfa/passkey");
		assertThat(signingIn
			.send("POST", "/auth/mfa/passkey", Map.of("credential", key.get(tree(secondStep), ownOrigin())))
			.status()).isEqualTo(200);
		Device guesser = new Device();
		attempts = 0;
		do {
			if (attempts % MFA_TRIES == 0) {
				guesser.signIn(email);
			}
			last = guesser.send("POST", "/auth/mfa/passkey", Map.of("credential", Map.of("id", "AAAA")));
		}
		while (last.status() == 401 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");

		Device totpOnly = new Device();
		String totpEmail = totpOnly.register();
		totpOnly.signIn(totpEmail);
		String secret = tree(totpOnly.send("POST", "/users/me/mfa/totp")).path("secret").asString();
		assertThat(totpOnly.send("POST", "/users/me/mfa/totp/confirm", Map.of("code", code(secret))).status())
			.isEqualTo(200);
		Device totpSigningIn = new Device();
		totpSigningIn.signIn(totpEmail);
		assertProblem(totpSigningIn.send("POST", "/auth/mfa/passkey/options"), 404, "passkey_not_enabled");

		this.clock.advance(Duration.ofMinutes(11));
		assertProblem(device.send("POST", "/users/me/passkeys/options"), 403, "step_up_required");
		assertProblem(device.send("DELETE", "/users/me/passkeys/" + passkeyId), 403, "step_up_required");
		Exchange stepUp = device.send("POST", "/auth/mfa/step-up/passkey/options");
		assertThat(stepUp.status()).isEqualTo(200);
		assertFailuresOfTheAccessCookie("POST", "/auth/mfa/step-up/passkey/options");
		assertFailuresWithoutABody(device, "POST", "/auth/mfa/step-up/passkey/options");
		assertProblem(device.send("POST", "/auth/mfa/step-up/passkey", Map.of("credential", Map.of("id", "AAAA"))), 400,
				"passkey_invalid");
		assertFailuresOfABody(device, "POST", "/auth/mfa/step-up/passkey");
		assertFailuresOfTheAccessCookie("POST", "/auth/mfa/step-up/passkey");
		assertThat(device
			.send("POST", "/auth/mfa/step-up/passkey", Map.of("credential", key.get(tree(stepUp), ownOrigin())))
			.status()).isEqualTo(204);

		attempts = 0;
		do {
			last = device.send("POST", "/auth/mfa/step-up/passkey", Map.of("credential", Map.of("id", "AAAA")));
		}
		while (last.status() == 400 && ++attempts < 20);
		assertProblem(last, 429, "rate_limited");

		assertProblem(device.send("DELETE", "/users/me/passkeys/" + UUID.randomUUID()), 404, "passkey_not_found");
		assertFailuresOfTheAccessCookie("DELETE", "/users/me/passkeys/" + passkeyId);
		assertFailuresWithoutABody(device, "DELETE", "/users/me/passkeys/" + passkeyId);
		assertThat(device.send("DELETE", "/users/me/passkeys/" + passkeyId).status()).isEqualTo(204);
	}

	private String ownOrigin() {
		return "http://localhost:" + this.port;
	}

	/** Five wrong codes end a challenge. */
	private static final int MFA_TRIES = 5;

	private String code(String secret) {
		return Authenticator.code(secret, this.clock.instant());
	}

	/** The cross-origin check and the body limit, for an operation that takes no body. */
	private void assertFailuresWithoutABody(Device device, String method, String path) {
		// A browser may read a cross-site GET only from an allowed origin; an unsafe
		// request is refused whatever the origin says.
		assertProblem(device.send(method, path, null, "", method.equals("GET") ? FOREIGN_ORIGIN : CROSS_SITE), 403,
				"cross_origin_request");
		assertProblem(device.send(method, path, JSON, TOO_LARGE, Map.of()), 413, "payload_too_large");
	}

	@Test
	@Order(Integer.MAX_VALUE)
	@DisplayName("every operation of the document, and every answer it documents, was exercised above")
	void everyDocumentedAnswerWasExercised() {
		Set<String> documented = this.document.documentedAnswers();
		Set<String> seen = this.document.seenAnswers();
		assumeThat(seen).as("answers seen: this test judges the tests above, so run the whole class").isNotEmpty();
		Set<String> operations = new TreeSet<>();
		documented.forEach((answer) -> operations.add(answer.substring(0, answer.lastIndexOf(' '))));
		Set<String> exercised = new TreeSet<>();
		seen.forEach((answer) -> exercised.add(answer.substring(0, answer.lastIndexOf(' '))));
		assertThat(operations).as("operations of the document").isNotEmpty();
		Set<String> notExercised = new TreeSet<>(operations);
		notExercised.removeAll(exercised);
		assertThat(notExercised).as("operations that no test here called: drive each through ApiContractTest")
			.isEmpty();

		Map<String, String> missing = new TreeMap<>();
		for (String answer : documented) {
			String status = answer.substring(answer.lastIndexOf(' ') + 1);
			if (!seen.contains(answer) && !NOT_REACHED.containsKey(answer) && !NOT_REACHED.containsKey("* " + status)) {
				missing.put(answer, "never answered here");
			}
		}
		assertThat(missing)
			.as("documented answers that no test here brought about: bring each about in "
					+ "ApiContractTest, or say in NOT_REACHED why it cannot be")
			.isEmpty();
	}

	/**
	 * 400, 403, 413, 415 and 422 for an operation that reads a JSON body. Spring MVC
	 * answers another media type with 415 for POST, PUT and PATCH; for DELETE it reads no
	 * body at all, and the missing body is a 400.
	 */
	private void assertFailuresOfABody(Device device, String method, String path) {
		assertProblem(device.send(method, path, JSON, "{\"email\": ", Map.of()), 400, "malformed_json");
		if (method.equals("DELETE")) {
			assertProblem(device.send(method, path, "text/plain", "{}", Map.of()), 400, "malformed_json");
		}
		else {
			assertProblem(device.send(method, path, "text/plain", "{}", Map.of()), 415, "unsupported_media_type");
		}
		Exchange invalid = device.send(method, path, JSON, "{\"full_name\": \"" + "A".repeat(300) + "\"}", Map.of());
		assertProblem(invalid, 422, "validation_failed");
		assertThat(tree(invalid).path("errors").isEmpty()).isFalse();
		assertProblem(device.send(method, path, JSON, TOO_LARGE, Map.of()), 413, "payload_too_large");
		assertProblem(device.send(method, path, JSON, "{}", CROSS_SITE), 403, "cross_origin_request");
	}

	/** 401 without the access cookie, and with one that is not a token. */
	private void assertFailuresOfTheAccessCookie(String method, String path) {
		String body = method.equals("GET") ? "" : "{}";
		String contentType = body.isEmpty() ? null : JSON;
		assertProblem(new Device().send(method, path, contentType, body, Map.of()), 401, "not_authenticated");
		Device forger = new Device();
		forger.cookies.set("access_token", "not.a.token", "/");
		assertProblem(forger.send(method, path, contentType, body, Map.of()), 401, "access_token_invalid");
	}

	private static void assertProblem(Exchange exchange, int status, @Nullable String code) {
		assertThat(exchange.status()).as("%s %s; body: %s", exchange.method(), exchange.path(), exchange.responseBody())
			.isEqualTo(status);
		if (code != null) {
			assertThat(tree(exchange).path("code").asString()).isEqualTo(code);
		}
	}

	private String currentSessionId(Device device) {
		Exchange listed = device.send("GET", "/auth/sessions");
		assertThat(listed.status()).isEqualTo(200);
		for (JsonNode session : tree(listed)) {
			if (session.path("current").asBoolean()) {
				return session.path("id").asString();
			}
		}
		throw new AssertionError("no current session in " + listed.responseBody());
	}

	private static JsonNode tree(Exchange exchange) {
		return json.readTree(exchange.responseBody());
	}

	static String uniqueEmail() {
		return "contract-" + UUID.randomUUID() + "@example.com";
	}

	/**
	 * One client device: its own cookies and its own address (given to the application
	 * through X-Forwarded-For). Every exchange it makes is checked against the document.
	 */
	private final class Device {

		private final CookieJar cookies = new CookieJar();

		private final String address;

		Device() {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			this.address = String.format("2001:db8:c0:%x:%x:%x:%x:%x", random.nextInt(0x10000), random.nextInt(0x10000),
					random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(0x10000));
		}

		String register() {
			String email = uniqueEmail();
			Exchange registered = send("POST", "/auth/register", Map.of("email", email, "password", PASSWORD));
			assertThat(registered.status()).as(registered.responseBody()).isEqualTo(201);
			return email;
		}

		void signIn(String email) {
			Exchange login = send("POST", "/auth/login", Map.of("email", email, "password", PASSWORD));
			assertThat(login.status()).as(login.responseBody()).isEqualTo(200);
		}

		Exchange send(String method, String path) {
			return send(method, path, null, "", Map.of());
		}

		Exchange send(String method, String path, Object body) {
			return send(method, path, JSON, (body instanceof String text) ? text : json.writeValueAsString(body),
					Map.of());
		}

		Exchange send(String method, String path, @Nullable String contentType, String body,
				Map<String, String> headers) {
			URI uri = URI.create("http://localhost:" + ApiContractTest.this.port + path);
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(30))
				.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(body));
			builder.header("X-Forwarded-For", this.address);
			if (contentType != null) {
				builder.header("Content-Type", contentType);
			}
			this.cookies.headerFor(uri).ifPresent((cookie) -> builder.header("Cookie", cookie));
			headers.forEach(builder::header);
			HttpRequest request = builder.build();
			Map<String, String> sent = new LinkedHashMap<>();
			request.headers().map().forEach((name, values) -> sent.put(name, String.join(", ", values)));
			try {
				HttpResponse<String> response = ApiContractTest.this.http.send(request,
						HttpResponse.BodyHandlers.ofString());
				this.cookies.receive(response.headers().allValues("Set-Cookie"));
				return judged(new Exchange(method, path, sent, body, response.statusCode(), response.headers().map(),
						response.body()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * A JSON request with no User-Agent header at all, which the JDK's HttpClient
		 * cannot send: written by hand as HTTP/1.0, so the answer is neither chunked nor
		 * kept alive.
		 */
		Exchange sendWithoutUserAgent(String method, String path, String body) {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Host", "localhost:" + ApiContractTest.this.port);
			headers.put("X-Forwarded-For", this.address);
			headers.put("Content-Type", JSON);
			headers.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
			this.cookies.headerFor(URI.create("http://localhost" + path))
				.ifPresent((cookie) -> headers.put("Cookie", cookie));
			StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.0\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			request.append("\r\n").append(body);
			try (Socket socket = new Socket("localhost", ApiContractTest.this.port)) {
				socket.setSoTimeout(30_000);
				OutputStream out = socket.getOutputStream();
				out.write(request.toString().getBytes(StandardCharsets.UTF_8));
				out.flush();
				String answer = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
				int end = answer.indexOf("\r\n\r\n");
				String[] head = answer.substring(0, end).split("\r\n");
				int status = Integer.parseInt(head[0].split(" ")[1]);
				Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
				for (int i = 1; i < head.length; i++) {
					int colon = head[i].indexOf(':');
					responseHeaders.computeIfAbsent(head[i].substring(0, colon).trim(), (name) -> new ArrayList<>())
						.add(head[i].substring(colon + 1).trim());
				}
				this.cookies.receive(responseHeaders.getOrDefault("Set-Cookie", List.of()));
				return judged(
						new Exchange(method, path, headers, body, status, responseHeaders, answer.substring(end + 4)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private Exchange judged(Exchange exchange) {
			ApiContractTest.this.violations.addAll(ApiContractTest.this.document.violations(exchange));
			return exchange;
		}

		private static byte[] readAll(InputStream in) throws IOException {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			return bytes.toByteArray();
		}

	}

}
