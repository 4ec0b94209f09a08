package dev.latchkey.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
 * Every endpoint of the template's API, over real HTTP with a cookie jar: each success
 * and each failure code it documents.
 */
@IntegrationTest
class AuthEndpointsTest {

	private static final String PASSWORD = "correct-horse-battery";

	private static final List<String> USER_FIELDS = List.of("id", "email", "full_name", "is_active", "is_verified",
			"created_at");

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	// POST /auth/register

	@Test
	@DisplayName("register answers 201 with the User and nothing secret in it")
	void registerWhenValidThenAnswersUserWithPublicFieldsOnly() {
		ApiClient client = client();
		String email = ApiClient.uniqueEmail();

		Reply reply = client.post("/auth/register",
				Map.of("email", email, "password", PASSWORD, "full_name", "Test User"));

		assertThat(reply.status()).isEqualTo(201);
		assertThat(reply.contentType()).startsWith("application/json");
		JsonNode user = reply.json();
		assertThat(user.propertyNames()).containsExactlyInAnyOrderElementsOf(USER_FIELDS);
		assertThat(UUID.fromString(user.path("id").asString())).isNotNull();
		assertThat(user.path("email").asString()).isEqualTo(email);
		assertThat(user.path("full_name").asString()).isEqualTo("Test User");
		assertThat(user.path("is_active").isBoolean()).isTrue();
		assertThat(user.path("is_active").asBoolean()).isTrue();
		assertIsoUtc(user.path("created_at"));
		assertThat(reply.body()).doesNotContainIgnoringCase("password")
			.doesNotContainIgnoringCase("hash")
			.doesNotContain(PASSWORD);
		assertThat(reply.setCookies()).as("registering does not sign in").isEmpty();
	}

	@Test
	@DisplayName("register without full_name answers full_name: null")
	void registerWithoutFullNameThenFullNameIsNull() {
		Reply reply = client().post("/auth/register", Map.of("email", ApiClient.uniqueEmail(), "password", PASSWORD));

		assertThat(reply.status()).isEqualTo(201);
		assertThat(reply.json().has("full_name")).isTrue();
		assertThat(reply.json().path("full_name").isNull()).isTrue();
	}

	@Test
	@DisplayName("register with an email that has an account answers 409 email_taken")
	void registerWhenEmailTakenThen409() {
		ApiClient client = client();
		String email = ApiClient.uniqueEmail();
		assertThat(client.post("/auth/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(201);

		Reply again = client.post("/auth/register", Map.of("email", email, "password", "another-password-1"));

		assertProblem(again, 409, "email_taken");
	}

	@Test
	@DisplayName("an email is one account whatever its case and surrounding spaces")
	void registerWhenEmailDiffersOnlyInCaseOrSpacesThen409() {
		ApiClient client = client();
		String local = "Case-" + UUID.randomUUID();
		Reply first = client.post("/auth/register",
				Map.of("email", "  " + local + "@Example.COM ", "password", PASSWORD));
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.json().path("email").asString()).isEqualTo(local.toLowerCase() + "@example.com");

		assertProblem(
				client.post("/auth/register",
						Map.of("email", local.toLowerCase() + "@example.com", "password", PASSWORD)),
				409, "email_taken");
		assertProblem(
				client.post("/auth/register",
						Map.of("email", local.toUpperCase() + "@EXAMPLE.COM", "password", PASSWORD)),
				409, "email_taken");
		assertProblem(
				client.post("/auth/register", Map.of("email", " \t" + local + "@example.com  ", "password", PASSWORD)),
				409, "email_taken");
	}

	@Test
	@DisplayName("register with a body that breaks the rules answers 422 with one error per field, in snake_case")
	void registerWhenBodyBreaksRulesThen422WithFieldErrors() {
		Reply reply = client().post("/auth/register",
				Map.of("email", "not-an-email", "password", "short", "full_name", "x".repeat(256)));

		assertProblem(reply, 422, "validation_failed");
		assertThat(errorFields(reply)).contains("email", "password", "full_name");
		for (JsonNode error : reply.json().path("errors")) {
			assertThat(error.propertyNames()).containsExactlyInAnyOrder("field", "message");
			assertThat(error.path("message").asString()).isNotBlank();
		}
	}

	@Test
	@DisplayName("register without email and password answers 422 naming both fields")
	void registerWhenFieldsMissingThen422() {
		Reply reply = client().post("/auth/register", Map.of("full_name", "Nobody"));

		assertProblem(reply, 422, "validation_failed");
		assertThat(errorFields(reply)).contains("email", "password");
	}

	// POST /auth/login

	@Test
	@DisplayName("login answers 200 with user and expiry times, sets both cookies and puts no token in the body")
	void loginWhenCredentialsRightThenSetsBothCookies() {
		ApiClient client = client();
		String email = ApiClient.uniqueEmail();
		Reply registered = client.post("/auth/register", Map.of("email", email, "password", PASSWORD));
		Instant before = this.clock.instant();

		Reply login = client.post("/auth/login", Map.of("email", email, "password", PASSWORD));

		Instant after = this.clock.instant();
		assertThat(login.status()).isEqualTo(200);
		JsonNode body = login.json();
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("user", "access_token_expires_at",
				"refresh_token_expires_at");
		assertThat(body.path("user")).isEqualTo(registered.json());
		Instant accessExpiry = assertIsoUtc(body.path("access_token_expires_at"));
		Instant refreshExpiry = assertIsoUtc(body.path("refresh_token_expires_at"));
		assertThat(accessExpiry).isBetween(before.plus(Duration.ofMinutes(15)).minusSeconds(1),
				after.plus(Duration.ofMinutes(15)));
		assertThat(refreshExpiry).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(1),
				after.plus(Duration.ofDays(7)));

		String accessToken = client.cookies().value("access_token").orElseThrow();
		String refreshToken = client.cookies().value("refresh_token").orElseThrow();
		String deviceToken = client.cookies().value("device_token").orElseThrow();
		assertThat(login.setCookies()).as("the two session cookies and the device cookie").hasSize(3);
		assertThat(login.setCookies()).filteredOn((cookie) -> cookie.startsWith("device_token="))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("Path=/auth/login", "Max-Age=31536000", "HttpOnly", "Secure", "SameSite=Lax");
		assertThat(login.body()).doesNotContain(accessToken)
			.doesNotContain(refreshToken)
			.doesNotContain(deviceToken)
			.doesNotContain("\"access_token\"")
			.doesNotContain("\"refresh_token\"");
		assertThat(client.get("/users/me").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("login accepts the email in another case and with surrounding spaces")
	void loginWhenEmailInOtherCaseThenSignsIn() {
		ApiClient client = client();
		String email = ApiClient.uniqueEmail();
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));

		Reply login = client.post("/auth/login",
				Map.of("email", "  " + email.toUpperCase() + " ", "password", PASSWORD));

		assertThat(login.status()).isEqualTo(200);
		assertThat(login.json().path("user").path("email").asString()).isEqualTo(email);
	}

	@Test
	@DisplayName("a wrong password and an unknown email get the same 401 invalid_credentials")
	void loginWhenPasswordWrongOrEmailUnknownThenIdentical401() {
		ApiClient client = client();
		String email = ApiClient.uniqueEmail();
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));

		Reply wrongPassword = client.post("/auth/login", Map.of("email", email, "password", "wrong-password-1"));
		Reply unknownEmail = client.post("/auth/login",
				Map.of("email", ApiClient.uniqueEmail(), "password", "wrong-password-1"));

		assertProblem(wrongPassword, 401, "invalid_credentials");
		assertProblem(unknownEmail, 401, "invalid_credentials");
		assertThat(withoutInstance(wrongPassword)).isEqualTo(withoutInstance(unknownEmail));
		assertThat(wrongPassword.setCookies()).isEmpty();
		assertThat(unknownEmail.setCookies()).isEmpty();
		assertThat(client.cookies().value("access_token")).isEmpty();
	}

	@Test
	@DisplayName("login to a disabled account answers 403 account_disabled, and a wrong password still 401")
	void loginWhenAccountDisabledThen403() {
		ApiClient client = client();
		String email = ApiClient.uniqueEmail();
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));
		assertThat(this.jdbc.update("update users set is_active = false where email = ?", email)).isEqualTo(1);

		Reply disabled = client.post("/auth/login", Map.of("email", email, "password", PASSWORD));
		Reply wrongPassword = client.post("/auth/login", Map.of("email", email, "password", "wrong-password-1"));

		assertProblem(disabled, 403, "account_disabled");
		assertThat(disabled.setCookies()).isEmpty();
		assertProblem(wrongPassword, 401, "invalid_credentials");
	}

	@Test
	@DisplayName("login with a body that breaks the rules answers 422 with field errors")
	void loginWhenBodyBreaksRulesThen422() {
		Reply reply = client().post("/auth/login", Map.of("email", "not-an-email", "password", ""));

		assertProblem(reply, 422, "validation_failed");
		assertThat(errorFields(reply)).contains("email", "password");
		assertThat(reply.setCookies()).isEmpty();
	}

	// POST /auth/refresh

	@Test
	@DisplayName("refresh answers 200 with the Login body and replaces both cookies, in the same session")
	void refreshWithLiveTokenThenRotatesBothCookies() {
		ApiClient client = signedIn();
		String oldAccess = client.cookies().value("access_token").orElseThrow();
		String oldRefresh = client.cookies().value("refresh_token").orElseThrow();

		Reply refreshed = client.post("/auth/refresh");

		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(refreshed.json().propertyNames()).containsExactlyInAnyOrder("user", "access_token_expires_at",
				"refresh_token_expires_at");
		assertThat(refreshed.setCookies()).hasSize(2);
		String newAccess = client.cookies().value("access_token").orElseThrow();
		String newRefresh = client.cookies().value("refresh_token").orElseThrow();
		assertThat(newAccess).isNotEqualTo(oldAccess);
		assertThat(newRefresh).isNotEqualTo(oldRefresh);
		assertThat(refreshed.body()).doesNotContain(newAccess).doesNotContain(newRefresh);
		assertThat(TokenClaims.sessionId(newAccess)).isEqualTo(TokenClaims.sessionId(oldAccess));
		assertThat(this.jdbc.queryForObject("select refresh_counter from sessions where id = ?::uuid", Long.class,
				TokenClaims.sessionId(newAccess)))
			.as("the presented token is spent: its session's chain has moved on")
			.isEqualTo(1L);
		assertThat(client.get("/users/me").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("refresh without the refresh cookie answers 401 refresh_token_missing")
	void refreshWithoutCookieThen401Missing() {
		assertProblem(client().post("/auth/refresh"), 401, "refresh_token_missing");
	}

	@Test
	@DisplayName("refresh with a refresh cookie this service never issued answers 401 refresh_token_invalid and clears it")
	void refreshWithGarbageCookieThen401Invalid() {
		ApiClient client = client();
		client.cookies().set("refresh_token", "garbage-" + UUID.randomUUID(), "/auth");

		Reply reply = client.post("/auth/refresh");

		assertProblem(reply, 401, "refresh_token_invalid");
		assertThat(reply.setCookies())
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("refresh_token=").contains("Max-Age=0"));
		assertThat(client.cookies().value("refresh_token")).isEmpty();
	}

	@Test
	@DisplayName("refresh after REFRESH_TOKEN_EXPIRE_DAYS answers 401 refresh_token_expired")
	void refreshWhenTokenExpiredThen401Expired() {
		ApiClient client = signedIn();

		this.clock.advance(Duration.ofDays(7).plusMinutes(1));
		Reply reply = client.post("/auth/refresh");

		assertProblem(reply, 401, "refresh_token_expired");
	}

	@Test
	@DisplayName("a spent refresh token presented after the grace period answers 401 refresh_token_reused")
	void refreshWhenTokenAlreadyRotatedAfterGraceThen401Reused() {
		ApiClient client = signedIn();
		String spent = client.cookies().value("refresh_token").orElseThrow();
		assertThat(client.post("/auth/refresh").status()).isEqualTo(200);

		this.clock.advance(Duration.ofSeconds(11));
		ApiClient thief = client();
		thief.cookies().set("refresh_token", spent, "/auth");
		Reply reply = thief.post("/auth/refresh");

		assertProblem(reply, 401, "refresh_token_reused");
		assertThat(client.post("/auth/refresh").code()).as("the session has ended for its owner too")
			.isEqualTo("refresh_token_invalid");
	}

	@Test
	@DisplayName("refresh after the account was disabled answers 401 refresh_token_invalid and ends the session")
	void refreshWhenAccountDisabledThen401Invalid() {
		String email = ApiClient.uniqueEmail();
		ApiClient client = client();
		client.registerAndLogin(email, PASSWORD);
		String accessToken = client.cookies().value("access_token").orElseThrow();
		this.jdbc.update("update users set is_active = false where email = ?", email);

		assertProblem(client.post("/auth/refresh"), 401, "refresh_token_invalid");
		assertThat(revokedAt(TokenClaims.sessionId(accessToken))).isNotNull();
		ApiClient replay = client();
		replay.cookies().set("access_token", accessToken, "/");
		assertProblem(replay.get("/users/me"), 401, "access_token_invalid");
	}

	// Tokens

	@Test
	@DisplayName("the access cookie is an HS256 JWT with sub, sid, jti, iat, exp, typ access, iss, amr [pwd] and auth_time, kept across a refresh")
	void accessTokenCarriesTheDocumentedClaims() {
		ApiClient client = client();
		Reply login = client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String accessToken = client.cookies().value("access_token").orElseThrow();

		JsonNode header = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[0]));
		JsonNode claims = TokenClaims.of(accessToken);

		assertThat(header.path("alg").asString()).isEqualTo("HS256");
		assertThat(claims.propertyNames()).containsExactlyInAnyOrder("sub", "sid", "jti", "iat", "exp", "typ", "iss",
				"amr", "auth_time");
		assertThat(claims.path("sub").asString()).isEqualTo(login.json().path("user").path("id").asString());
		assertThat(UUID.fromString(claims.path("sid").asString())).isNotNull();
		assertThat(claims.path("typ").asString()).isEqualTo("access");
		assertThat(claims.path("iss").asString()).isEqualTo("latchkey");
		assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(900);
		assertThat(Instant.ofEpochSecond(claims.path("exp").asLong()))
			.isEqualTo(Instant.parse(login.json().path("access_token_expires_at").asString()));
		assertThat(claims.path("amr").values()).extracting(JsonNode::asString).containsExactly("pwd");
		assertThat(claims.path("auth_time").asLong()).isBetween(claims.path("iat").asLong() - 1,
				claims.path("iat").asLong());

		this.clock.advance(Duration.ofMinutes(5));
		assertThat(client.post("/auth/refresh").status()).isEqualTo(200);
		JsonNode refreshed = TokenClaims.of(client.cookies().value("access_token").orElseThrow());
		assertThat(refreshed.path("auth_time").asLong()).as("the sign-in's time, not the refresh's")
			.isEqualTo(claims.path("auth_time").asLong());
		assertThat(refreshed.path("amr").values()).extracting(JsonNode::asString).containsExactly("pwd");
	}

	@Test
	@DisplayName("the refresh cookie is an opaque URL-safe value with a 256-bit MAC, and the database holds nothing it could be made from")
	void refreshTokenIsOpaqueAndStoredNowhere() {
		ApiClient client = signedIn();
		String refreshToken = client.cookies().value("refresh_token").orElseThrow();

		assertThat(refreshToken).matches("[A-Za-z0-9_-]{76}").doesNotContain(".");
		assertThat(Base64.getUrlDecoder().decode(refreshToken)).hasSize(57);
		String sessionId = TokenClaims.sessionId(client.cookies().value("access_token").orElseThrow());
		assertThat(this.jdbc.queryForObject(
				"select count(*) from information_schema.tables where table_name = 'refresh_tokens'", Integer.class))
			.as("no table of tokens")
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from sessions s where s.id = ?::uuid and s::text like ?",
				Integer.class, sessionId, "%" + refreshToken + "%"))
			.as("the token itself is stored nowhere")
			.isZero();
	}

	@Test
	@DisplayName("a refresh token whose MAC was changed, or made for another session, is refresh_token_invalid")
	void refreshWhenTokenForgedThenInvalid() {
		ApiClient victim = signedIn();
		String token = victim.cookies().value("refresh_token").orElseThrow();
		byte[] bytes = Base64.getUrlDecoder().decode(token);
		byte[] flippedMac = bytes.clone();
		flippedMac[56] ^= 1;
		byte[] otherSession = bytes.clone();
		otherSession[1] ^= 1;
		byte[] nextCounter = bytes.clone();
		nextCounter[24] += 1;

		for (byte[] forged : List.of(flippedMac, otherSession, nextCounter)) {
			ApiClient forger = new ApiClient(this.port);
			forger.cookies()
				.set("refresh_token", Base64.getUrlEncoder().withoutPadding().encodeToString(forged), "/auth");
			assertProblem(forger.post("/auth/refresh"), 401, "refresh_token_invalid");
		}
		assertThat(victim.post("/auth/refresh").status()).as("the real token still works").isEqualTo(200);
	}

	// POST /auth/logout

	@Test
	@DisplayName("logout answers 200 with a message, clears both cookies and ends the session at once")
	void logoutThenClearsCookiesAndRevokesSession() {
		ApiClient client = signedIn();
		String accessToken = client.cookies().value("access_token").orElseThrow();
		String refreshToken = client.cookies().value("refresh_token").orElseThrow();

		Reply logout = client.post("/auth/logout");

		assertThat(logout.status()).isEqualTo(200);
		assertThat(logout.json().propertyNames()).containsExactly("message");
		assertThat(logout.json().path("message").asString()).isNotBlank();
		assertThat(client.cookies().value("access_token")).isEmpty();
		assertThat(client.cookies().value("refresh_token")).isEmpty();
		assertThat(revokedAt(TokenClaims.sessionId(accessToken))).isNotNull();

		ApiClient replay = client();
		replay.cookies().set("access_token", accessToken, "/");
		replay.cookies().set("refresh_token", refreshToken, "/auth");
		assertProblem(replay.get("/users/me"), 401, "access_token_invalid");
		assertProblem(replay.post("/auth/refresh"), 401, "refresh_token_invalid");
	}

	@Test
	@DisplayName("logout without any cookie still answers 200 and clears the cookies")
	void logoutWithoutCookieThen200() {
		Reply logout = client().post("/auth/logout");

		assertThat(logout.status()).isEqualTo(200);
		assertThat(logout.json().path("message").asString()).isNotBlank();
		assertThat(logout.setCookies()).hasSize(2).allSatisfy((cookie) -> assertThat(cookie).contains("Max-Age=0"));
	}

	@Test
	@DisplayName("logout is idempotent: a dead or unknown refresh cookie still gets 200")
	void logoutWithDeadCookieThen200() {
		ApiClient client = signedIn();
		String refreshToken = client.cookies().value("refresh_token").orElseThrow();
		assertThat(client.post("/auth/logout").status()).isEqualTo(200);

		client.cookies().set("refresh_token", refreshToken, "/auth");
		Reply again = client.post("/auth/logout");
		client.cookies().set("refresh_token", "never-issued-" + UUID.randomUUID(), "/auth");
		Reply unknown = client.post("/auth/logout");

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("message").asString()).isNotBlank();
		assertThat(unknown.status()).isEqualTo(200);
		assertThat(unknown.json().path("message").asString()).isNotBlank();
	}

	// POST /auth/logout-all

	@Test
	@DisplayName("logout-all ends every live session of the user and counts them; other devices are refused at once")
	void logoutAllThenRevokesEverySessionOfUser() {
		String email = ApiClient.uniqueEmail();
		ApiClient laptop = client();
		laptop.registerAndLogin(email, PASSWORD);
		ApiClient phone = client();
		assertThat(phone.post("/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
		ApiClient oldTablet = client();
		oldTablet.post("/auth/login", Map.of("email", email, "password", PASSWORD));
		assertThat(oldTablet.post("/auth/logout").status()).isEqualTo(200);
		ApiClient stranger = signedIn();

		Reply reply = laptop.post("/auth/logout-all");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("message").asString()).isNotBlank();
		assertThat(reply.json().path("revoked_sessions").isInt()).isTrue();
		assertThat(reply.json().path("revoked_sessions").asInt()).as("the laptop and the phone, not the ended tablet")
			.isEqualTo(2);
		assertThat(laptop.cookies().value("access_token")).isEmpty();
		assertThat(laptop.cookies().value("refresh_token")).isEmpty();
		assertProblem(phone.get("/users/me"), 401, "access_token_invalid");
		assertProblem(phone.post("/auth/refresh"), 401, "refresh_token_invalid");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from sessions s join users u on u.id = s.user_id where u.email = ? and s.revoked_at is null",
				Integer.class, email))
			.isZero();
		assertThat(stranger.get("/users/me").status()).as("another user's session is untouched").isEqualTo(200);
	}

	@Test
	@DisplayName("logout-all without the access cookie answers 401 not_authenticated")
	void logoutAllWithoutAccessCookieThen401() {
		assertProblem(client().post("/auth/logout-all"), 401, "not_authenticated");
	}

	// GET /users/me

	@Test
	@DisplayName("GET /users/me answers the signed-in User")
	void meWithAccessCookieThenUser() {
		ApiClient client = client();
		String email = ApiClient.uniqueEmail();
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD, "full_name", "Me Myself"));
		Reply login = client.post("/auth/login", Map.of("email", email, "password", PASSWORD));

		Reply me = client.get("/users/me");

		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().propertyNames()).containsExactlyInAnyOrderElementsOf(USER_FIELDS);
		assertThat(me.json()).isEqualTo(login.json().path("user"));
		assertThat(me.json().path("full_name").asString()).isEqualTo("Me Myself");
	}

	@Test
	@DisplayName("GET /users/me without the access cookie answers 401 not_authenticated")
	void meWithoutCookieThen401NotAuthenticated() {
		assertProblem(client().get("/users/me"), 401, "not_authenticated");
	}

	@Test
	@DisplayName("GET /users/me past the access token's expiry and clock skew answers 401 access_token_expired; refresh recovers")
	void meWhenAccessTokenExpiredThen401Expired() {
		ApiClient client = signedIn();

		this.clock.advance(Duration.ofMinutes(15).plusSeconds(31));
		Reply me = client.get("/users/me");

		assertProblem(me, 401, "access_token_expired");
		assertThat(client.post("/auth/refresh").status()).isEqualTo(200);
		assertThat(client.get("/users/me").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("GET /users/me just past the expiry but within the clock skew still answers 200")
	void meWhenAccessTokenExpiredWithinSkewThen200() {
		ApiClient client = signedIn();

		this.clock.advance(Duration.ofMinutes(15).plusSeconds(10));

		assertThat(client.get("/users/me").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("GET /users/me with an access cookie that is not a token answers 401 access_token_invalid")
	void meWithGarbageAccessTokenThen401Invalid() {
		ApiClient client = client();
		client.cookies().set("access_token", "not.a.jwt", "/");

		assertProblem(client.get("/users/me"), 401, "access_token_invalid");
	}

	// Documentation and health

	@Test
	@DisplayName("GET /docs leads to Swagger UI, which serves HTML")
	void docsRedirectsToSwaggerUi() {
		ApiClient client = client();

		Reply docs = client.get("/docs");

		assertThat(docs.status()).isBetween(301, 308);
		String location = docs.header("Location").getFirst();
		assertThat(location).contains("/swagger-ui/index.html");
		String path = location.replaceFirst("^https?://[^/]+", "");
		Reply ui = client.get(path);
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.contentType()).startsWith("text/html");
		assertThat(ui.body()).containsIgnoringCase("swagger-ui");
	}

	@Test
	@DisplayName("GET /redoc serves HTML that loads ReDoc from this server, and that bundle is served")
	void redocServesHtmlWithLocalBundle() {
		ApiClient client = client();

		Reply redoc = client.get("/redoc");

		assertThat(redoc.status()).isEqualTo(200);
		assertThat(redoc.contentType()).startsWith("text/html");
		assertThat(redoc.body()).contains("/openapi.json");
		Matcher script = Pattern.compile("<script[^>]+src=\"(/webjars/redoc/[^\"]+)\"").matcher(redoc.body());
		assertThat(script.find()).as("a script from the local /webjars/redoc bundle").isTrue();
		assertThat(redoc.body()).doesNotContain("cdn.");
		Reply bundle = client.get(script.group(1));
		assertThat(bundle.status()).isEqualTo(200);
		assertThat(bundle.contentType()).contains("javascript");
		assertThat(bundle.body().length()).isGreaterThan(100_000);
	}

	@Test
	@DisplayName("GET /openapi.json is an OpenAPI 3.1 document with every path and both cookie security schemes")
	void openApiDocumentDescribesTheApi() {
		Reply reply = client().get("/openapi.json");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		JsonNode document = reply.json();
		assertThat(document.path("openapi").asString()).startsWith("3.1");
		assertThat(document.path("paths").propertyNames()).contains("/auth/register", "/auth/login", "/auth/refresh",
				"/auth/logout", "/auth/logout-all", "/users/me");
		JsonNode schemes = document.path("components").path("securitySchemes");
		for (String cookie : List.of("access_token", "refresh_token")) {
			assertThat(schemes.path(cookie).path("type").asString()).isEqualTo("apiKey");
			assertThat(schemes.path(cookie).path("in").asString()).isEqualTo("cookie");
			assertThat(schemes.path(cookie).path("name").asString()).isEqualTo(cookie);
		}
	}

	@Test
	@DisplayName("GET /health answers {\"status\":\"UP\"}")
	void healthIsUp() {
		Reply reply = client().get("/health");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("status").asString()).isEqualTo("UP");
	}

	// Helpers

	private ApiClient client() {
		return new ApiClient(this.port);
	}

	private ApiClient signedIn() {
		ApiClient client = client();
		client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		return client;
	}

	private Instant revokedAt(String sessionId) {
		return this.jdbc.queryForObject("select revoked_at from sessions where id = ?", Instant.class,
				UUID.fromString(sessionId));
	}

	private static List<String> errorFields(Reply reply) {
		List<String> fields = new ArrayList<>();
		for (JsonNode error : reply.json().path("errors")) {
			fields.add(error.path("field").asString());
		}
		return fields;
	}

	private static Map<String, JsonNode> withoutInstance(Reply reply) {
		ObjectNode problem = (ObjectNode) reply.json();
		problem.remove("instance");
		Map<String, JsonNode> properties = new HashMap<>();
		problem.properties().forEach((entry) -> properties.put(entry.getKey(), entry.getValue()));
		return properties;
	}

	private static Instant assertIsoUtc(JsonNode value) {
		assertThat(value.isString()).as("%s is a string", value).isTrue();
		assertThat(value.asString()).endsWith("Z");
		return Instant.parse(value.asString());
	}

}
