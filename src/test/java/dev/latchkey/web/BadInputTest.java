package dev.latchkey.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends, the answer is a 4xx {@code application/problem+json} with a
 * stable {@code code}, never a 500, and never a stack trace, class name or SQL. A refused
 * registration stores nothing.
 */
@IntegrationTest
class BadInputTest {

	private static final List<String> INTERNALS = List.of("Exception", "at dev.", "org.springframework", "SQL",
			"hibernate", "jakarta", "tomcat", "postgres");

	private static final String JSON = "application/json";

	private static final int TWO_MIB = 2 * 1024 * 1024;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	static Stream<BadRequest> badRequests() {
		List<BadRequest> cases = new ArrayList<>();
		for (String path : List.of("/auth/register", "/auth/login")) {
			cases.add(json(path, "{\"email\": \"a@example.com\", \"password\": ").named("truncated JSON")
				.expect(400, "malformed_json"));
			cases.add(json(path, "{'email': 'a@example.com', 'password': 'password123'}").named("single-quoted JSON")
				.expect(400, "malformed_json"));
			cases.add(json(path, "{\"email\": \"a@example.com\", \"password\": \"password123\",}")
				.named("a trailing comma")
				.expect(400, "malformed_json"));
			cases.add(json(path, "email=a%40example.com&password=password123").named("a form body labelled JSON")
				.expect(400, "malformed_json"));
			cases.add(json(path, "{\"x\": " + "[".repeat(20_000) + "}").named("JSON nested 20 000 deep")
				.expect(400, "malformed_json"));
			cases.add(bytes(path, JSON, invalidUtf8()).named("invalid UTF-8 inside a string")
				.expect(400, "malformed_json"));
			cases.add(json(path, "").named("an empty body").expect(400, "malformed_json"));
			cases.add(json(path, "[]").named("a JSON array").expect(422, "validation_failed"));
			cases.add(json(path, "[{\"email\": \"a@example.com\", \"password\": \"password123\"}]")
				.named("the right object inside an array")
				.expect(422, "validation_failed"));
			cases.add(json(path, "\"a@example.com\"").named("a JSON string").expect(422, "validation_failed"));
			cases.add(json(path, "42").named("a JSON number").expect(422, "validation_failed"));
			cases.add(json(path, "true").named("a JSON boolean").expect(422, "validation_failed"));
			cases.add(json(path, "{}").named("an empty object").expect(422, "validation_failed"));
			cases.add(json(path, "{\"email\": [\"a@example.com\"], \"password\": \"password123\"}")
				.named("email as an array")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(json(path, "{\"email\": {\"address\": \"a@example.com\"}, \"password\": \"password123\"}")
				.named("email as an object")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(json(path, "{\"email\": \"a@example.com\", \"password\": {\"value\": \"password123\"}}")
				.named("password as an object")
				.expect(422, "validation_failed")
				.field("password"));
			cases.add(json(path, "{\"email\": null, \"password\": null}").named("null fields")
				.expect(422, "validation_failed")
				.field("email")
				.field("password"));
			cases.add(json(path, "{\"password\": \"password123\"}").named("no email")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(registration(path, (marker) -> "{\"email\": \"" + marker + "@example.com\"}").named("no password")
				.expect(422, "validation_failed")
				.field("password"));
			cases.add(registration(path, (marker) -> body(marker + "-not-an-email", "password123"))
				.named("an email that is not an address")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(registration(path, (marker) -> body(marker + "@", "password123")).named("an email without domain")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(registration(path,
					(marker) -> body("x".repeat(255 - marker.length() - 12) + marker + "@example.com", "password123"))
				.named("an email of 255 characters")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(registration(path, (marker) -> body(marker + "x".repeat(1000) + "@example.com", "password123"))
				.named("an email of 1 000+ characters")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(registration(path, (marker) -> body(marker + "\\u0000@example.com", "password123"))
				.named("an email with NUL")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(registration(path, (marker) -> body(marker + "\\ud800@example.com", "password123"))
				.named("an email with an unpaired surrogate")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(registration(path, (marker) -> body(marker + "\\u0007@example.com", "password123"))
				.named("an email with a control character")
				.expect(422, "validation_failed")
				.field("email"));
			cases.add(registration(path, (marker) -> body(marker + "@example.com", "p".repeat(5000)))
				.named("a password of 5 000 characters")
				.expect(422, "validation_failed")
				.field("password"));
			cases.add(registration(path, (marker) -> body(marker + "@example.com", "password\\u0000123"))
				.named("a password with NUL")
				.expect(422, "validation_failed")
				.field("password"));
			cases.add(registration(path, (marker) -> body(marker + "@example.com", "password\\udc00123"))
				.named("a password with an unpaired surrogate")
				.expect(422, "validation_failed")
				.field("password"));
			cases.add(registration(path, (marker) -> body(marker + "@example.com", "password123"))
				.contentType("text/plain")
				.named("text/plain")
				.expect(415, "unsupported_media_type"));
			cases.add(registration(path, (marker) -> "email=" + marker + "%40example.com&password=password123")
				.contentType("application/x-www-form-urlencoded")
				.named("a form")
				.expect(415, "unsupported_media_type"));
			cases.add(registration(path, (marker) -> "<user><email>" + marker + "@example.com</email></user>")
				.contentType("application/xml")
				.named("XML")
				.expect(415, "unsupported_media_type"));
			cases.add(registration(path, (marker) -> body(marker + "@example.com", "password123")).contentType(null)
				.named("no Content-Type")
				.expect(415, "unsupported_media_type"));
			cases.add(registration(path, (marker) -> body(marker + "@example.com", "password123"))
				.contentType("application/json; charset=nonsense-42")
				.named("an unknown charset")
				.expect(415, "unsupported_media_type"));
			cases.add(registration(path, (marker) -> body(marker + "@example.com", "password123", "f".repeat(TWO_MIB)))
				.named("2 MiB with Content-Length")
				.expect(413, "payload_too_large"));
			cases.add(registration(path, (marker) -> body(marker + "@example.com", "password123", "f".repeat(TWO_MIB)))
				.chunked()
				.named("2 MiB chunked")
				.expect(413, "payload_too_large"));
			cases.add(registration(path + "?email=a%40example.com&password=password123", (marker) -> "")
				.named("the fields in the query string instead of the body")
				.expect(400, "malformed_json"));
		}

		String register = "/auth/register";
		cases.add(registration(register, (marker) -> body(marker + "@example.com", "p".repeat(129)))
			.named("a password of 129 characters")
			.expect(422, "validation_failed")
			.field("password"));
		cases.add(registration(register, (marker) -> body(marker + "@example.com", "\ud83d\udd11".repeat(129)))
			.named("a password of 129 characters outside the BMP")
			.expect(422, "validation_failed")
			.field("password"));
		cases.add(registration(register, (marker) -> body(marker + "@example.com", "seven77"))
			.named("a password of 7 characters")
			.expect(422, "validation_failed")
			.field("password"));
		cases.add(registration(register, (marker) -> body(marker + "@example.com", "password123", "Ann\\u0000Smith"))
			.named("a full_name with NUL")
			.expect(422, "validation_failed")
			.field("full_name"));
		cases.add(registration(register, (marker) -> body(marker + "@example.com", "password123", "Ann\\udbffSmith"))
			.named("a full_name with an unpaired surrogate")
			.expect(422, "validation_failed")
			.field("full_name"));
		cases.add(registration(register, (marker) -> body(marker + "@example.com", "password123", "A".repeat(300)))
			.named("a full_name of 300 characters")
			.expect(422, "validation_failed")
			.field("full_name"));
		cases.add(registration(register,
				(marker) -> "{\"email\": \"" + marker
						+ "@example.com\", \"password\": \"password123\", \"full_name\": [\"Ann\"]}")
			.named("full_name as an array")
			.expect(422, "validation_failed")
			.field("full_name"));

		String login = "/auth/login";
		// Sign-in checks the credentials, not the registration rules, and says only that
		// they are wrong.
		cases.add(json(login, body(ApiClient.uniqueEmail(), "seven77")).named("a password of 7 characters")
			.expect(401, "invalid_credentials"));
		cases.add(json(login, body(ApiClient.uniqueEmail(), "p".repeat(129))).named("a password of 129 characters")
			.expect(401, "invalid_credentials"));
		cases.add(json(login, body(ApiClient.uniqueEmail(), "")).named("an empty password")
			.expect(422, "validation_failed")
			.field("password"));

		cases.add(new BadRequest("POST", "/auth/refresh").body("text/plain", "garbage".getBytes(StandardCharsets.UTF_8))
			.named("a body but no cookie")
			.expect(401, "refresh_token_missing"));
		cases.add(new BadRequest("POST", "/auth/refresh").header("Cookie", "refresh_token=%%%not-a-token%%%")
			.named("a garbage refresh cookie")
			.expect(401, "refresh_token_invalid"));
		cases.add(new BadRequest("POST", "/auth/refresh").header("Cookie", "refresh_token=" + "A".repeat(4000))
			.named("a 4 000-character refresh cookie")
			.expect(401, "refresh_token_invalid"));
		cases.add(new BadRequest("POST", "/auth/refresh").body(JSON, new byte[TWO_MIB])
			.named("2 MiB with Content-Length")
			.expect(413, "payload_too_large"));
		cases.add(new BadRequest("POST", "/auth/refresh").body(JSON, new byte[TWO_MIB])
			.chunked()
			.named("2 MiB chunked")
			.expectClientError());

		cases.add(new BadRequest("GET", "/no/such/path").named("an unknown path").expect(404, "not_found"));
		cases.add(new BadRequest("POST", "/auth/no-such-endpoint").body(JSON, "{}".getBytes(StandardCharsets.UTF_8))
			.named("an unknown path under /auth")
			.expect(404, "not_found"));
		cases.add(new BadRequest("GET", "/auth/register").named("the wrong method").expect(405, "method_not_allowed"));
		cases.add(new BadRequest("PUT", "/auth/login").body(JSON, "{}".getBytes(StandardCharsets.UTF_8))
			.named("the wrong method")
			.expect(405, "method_not_allowed"));
		cases.add(new BadRequest("DELETE", "/auth/logout").named("the wrong method").expect(405, "method_not_allowed"));
		cases.add(new BadRequest("GET", "/auth/refresh").named("the wrong method").expect(405, "method_not_allowed"));
		cases.add(new BadRequest("PATCH", "/health").body(JSON, "{}".getBytes(StandardCharsets.UTF_8))
			.named("the wrong method")
			.expect(405, "method_not_allowed"));
		cases.add(new BadRequest("POST", "/users/me").named("the wrong method without a cookie")
			.expect(401, "not_authenticated"));

		cases.add(new BadRequest("POST", "/auth/login%00").body(JSON, utf8(body("a@example.com", "password123")))
			.named("an encoded NUL in the path")
			.expectClientError());
		cases.add(new BadRequest("GET", "/users/me%00").named("an encoded NUL in the path").expectClientError());
		cases.add(new BadRequest("POST", "/auth//login").body(JSON, utf8(body("a@example.com", "password123")))
			.named("a double slash in the path")
			.expectClientError());
		cases.add(new BadRequest("GET", "//users/me").named("a double slash in the path").expectClientError());
		cases.add(new BadRequest("GET", "/users/me;jsessionid=1234").named("a path parameter").expectClientError());
		cases.add(
				new BadRequest("GET", "/auth/%2e%2e/users/me").named("an encoded dot-dot segment").expectClientError());
		cases.add(new BadRequest("GET", "/users%2Fme").named("an encoded slash").expectClientError());
		cases.add(raw("GET /users/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
			.named("a broken percent escape in the path")
			.expectClientError());
		cases.add(raw("GET /users/me HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\u0001b\r\nConnection: close\r\n\r\n")
			.named("a control character in a header")
			.expectClientError());
		cases.add(raw("GET /users/me HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\nConnection: close\r\n\r\n")
			.named("a space in a header name")
			.expectClientError());
		cases.add(raw("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: lots\r\nConnection: close\r\n\r\n{}")
			.named("a Content-Length that is not a number")
			.expectClientError());
		cases.add(raw("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n")
			.named("a broken chunk size")
			.expectClientError());
		cases.add(raw("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n")
			.named("both Content-Length and Transfer-Encoding")
			.expectClientError());
		cases.add(raw("GET /users/me HTTP/1.1\r\nConnection: close\r\n\r\n").named("HTTP/1.1 without Host")
			.expectClientError());
		cases.add(raw("GET /users/\u00e9 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
			.named("a raw non-ASCII byte in the path")
			.expectClientError());
		cases.add(new BadRequest("GET", "/%C0%AE%C0%AE/users/me").named("overlong UTF-8 in the path")
			.expectClientError());

		cases.add(new BadRequest("GET", "/users/me").header("Cookie", "access_token=garbage")
			.named("a garbage access cookie")
			.expect(401, "access_token_invalid"));
		cases.add(new BadRequest("GET", "/users/me")
			.header("Cookie", "access_token=\"; ;;; =; a=b=c; refresh_token; \\\"\\\\; access_token=%00%ff")
			.named("a garbage Cookie header")
			.expect(401, "access_token_invalid"));
		cases.add(
				new BadRequest("GET", "/users/me").header("Cookie", "access_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
					.named("an unsigned JWT")
					.expect(401, "access_token_invalid"));
		cases.add(new BadRequest("POST", "/auth/login").header("Cookie", "access_token=garbage; refresh_token=garbage")
			.body(JSON, utf8(body(ApiClient.uniqueEmail(), "password123")))
			.named("garbage cookies on login")
			.expect(401, "invalid_credentials"));
		cases.add(new BadRequest("GET", "/health").header("X-Padding", "x".repeat(20_000))
			.named("a 20 KB header value")
			.expectClientError());
		cases.add(new BadRequest("POST", "/auth/login").header("Cookie", "access_token=" + "x".repeat(20_000))
			.body(JSON, utf8(body("a@example.com", "password123")))
			.named("a 20 KB cookie")
			.expectClientError());
		cases.add(new BadRequest("GET", "/users/me?q=" + "x".repeat(20_000)).named("a 20 KB query string")
			.withoutInstance()
			.expectClientError());
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void answersEveryBadRequestWithAProblemAndNeverA5xx(BadRequest request) {
		ApiClient.Reply reply = send(request);

		assertThat(reply.status()).as("status of %s; body: %s", request, reply.body()).isBetween(400, 499);
		if (request.status != null) {
			assertThat(reply.status()).as("status of %s; body: %s", request, reply.body()).isEqualTo(request.status);
		}
		assertIsAProblem(reply, request.instance);
		if (request.code != null) {
			assertThat(reply.code()).isEqualTo(request.code);
		}
		if (reply.status() == 405) {
			assertThat(reply.header("Allow")).as("the Allow header").isNotEmpty();
		}
		if (reply.status() == 422) {
			assertThat(reply.json().path("errors").isArray()).isTrue();
			assertThat(fieldsIn(reply)).isNotEmpty().containsAll(request.fields);
		}
		if (request.marker != null) {
			assertThat(this.jdbc.queryForObject("select count(*) from users where email like ?", Long.class,
					"%" + request.marker + "%"))
				.as("users stored by a refused request")
				.isZero();
		}
	}

	@Test
	@DisplayName("a body nested deeper than the parser allows is called invalid JSON, not a missing body")
	void callsTooDeeplyNestedJsonInvalid() {
		ApiClient.Reply reply = send(json("/auth/login", "{\"x\": " + "[".repeat(20_000) + "}"));

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.code()).isEqualTo("malformed_json");
		assertThat(reply.json().path("detail").asString()).isEqualTo("The request body is not valid JSON.");
	}

	@Test
	void namesTheMethodsAPathAcceptsInAllow() {
		ApiClient.Reply reply = send(new BadRequest("GET", "/auth/login"));

		assertThat(reply.status()).isEqualTo(405);
		assertThat(String.join(",", reply.header("Allow"))).contains("POST");
		assertIsAProblem(reply, true);
	}

	@Test
	void answersAValidationFailureWithOneErrorPerFieldInJsonNames() {
		ApiClient.Reply reply = send(json("/auth/register",
				"{\"email\": \"not-an-email\", \"password\": \"short\", \"full_name\": \"" + "A".repeat(300) + "\"}"));

		assertThat(reply.status()).isEqualTo(422);
		assertThat(fieldsIn(reply)).containsExactlyInAnyOrder("email", "password", "full_name");
		assertThat(reply.json().path("errors"))
			.allSatisfy((error) -> assertThat(error.path("message").asString()).isNotBlank());
	}

	@Test
	@DisplayName("an address of exactly 254 characters, the most an address may have, registers")
	void acceptsAnAddressOfTheMaximumLength() {
		String marker = UUID.randomUUID().toString();
		String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + ".com";
		String email = marker + "x".repeat(254 - 1 - domain.length() - marker.length()) + "@" + domain;
		assertThat(email).hasSize(254);

		ApiClient.Reply reply = new ApiClient(this.port).post("/auth/register",
				Map.of("email", email, "password", "password123"));

		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
	}

	@Test
	@DisplayName("an address with non-ASCII letters registers, and signs in whatever the case it is typed in")
	void acceptsUnicodeAddressesCaseInsensitively() {
		String local = "jos\u00e9-" + UUID.randomUUID();
		ApiClient client = new ApiClient(this.port);

		ApiClient.Reply registered = client.post("/auth/register",
				Map.of("email", local + "@b\u00fccher.example", "password", "password123"));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);

		ApiClient.Reply login = client.post("/auth/login", Map.of("email",
				" " + local.toUpperCase(Locale.ROOT) + "@B\u00dcCHER.EXAMPLE ", "password", "password123"));
		assertThat(login.status()).as(login.body()).isEqualTo(200);

		ApiClient.Reply again = client.post("/auth/register",
				Map.of("email", local.toUpperCase(Locale.ROOT) + "@b\u00fccher.EXAMPLE", "password", "password123"));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.code()).isEqualTo("email_taken");
	}

	@Test
	@DisplayName("a password of 128 characters outside the BMP (256 UTF-16 units) works wherever a password is asked for")
	void acceptsAMaximumLengthPasswordOfEmojiOnEveryEndpoint() {
		String email = ApiClient.uniqueEmail();
		String password = "\ud83d\udd11".repeat(128);
		String newPassword = "\ud83d\udd12".repeat(128);
		ApiClient client = new ApiClient(this.port);

		ApiClient.Reply registered = client.post("/auth/register", Map.of("email", email, "password", password));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);

		ApiClient.Reply login = client.post("/auth/login", Map.of("email", email, "password", password));
		assertThat(login.status()).as(login.body()).isEqualTo(200);

		ApiClient.Reply changed = client.post("/users/me/password",
				Map.of("current_password", password, "new_password", newPassword));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);

		ApiClient.Reply deleted = client.send("DELETE", "/users/me", Map.of("Content-Type", JSON),
				JsonMapper.shared().writeValueAsString(Map.of("password", newPassword)));
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
	}

	@Test
	@DisplayName("logout with a garbage refresh cookie still signs out: it is idempotent whatever the cookie holds")
	void logsOutWithAGarbageCookie() {
		ApiClient.Reply reply = send(
				new BadRequest("POST", "/auth/logout").header("Cookie", "refresh_token=%%%garbage%%%"));

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.setCookies()).anySatisfy((cookie) -> assertThat(cookie).startsWith("refresh_token=;"));
	}

	@Test
	void logsOutWithAnyBodyBecauseLogoutReadsNone() {
		ApiClient.Reply reply = send(new BadRequest("POST", "/auth/logout").body("text/plain",
				"{not json".getBytes(StandardCharsets.UTF_8)));

		assertThat(reply.status()).isEqualTo(200);
	}

	/**
	 * @param withInstance whether the path was a valid URI reference that
	 * {@code instance} can name; a request line broken at the byte level gets a problem
	 * without one
	 */
	private static void assertIsAProblem(ApiClient.Reply reply, boolean withInstance) {
		assertThat(reply.contentType()).as("Content-Type; body: %s", reply.body())
			.startsWith("application/problem+json");
		JsonNode problem = reply.json();
		assertThat(problem.path("code").asString()).as("code").isNotBlank();
		assertThat(problem.path("status").asInt()).as("status in the body").isEqualTo(reply.status());
		assertThat(problem.path("type").asString()).as("type").isNotBlank();
		assertThat(problem.path("title").asString()).as("title").isNotBlank();
		assertThat(problem.has("detail")).as("detail").isTrue();
		if (withInstance) {
			assertThat(problem.path("instance").asString()).as("instance").isNotBlank();
		}
		for (String internal : INTERNALS) {
			assertThat(reply.body()).as("the body leaks internals").doesNotContainIgnoringCase(internal);
		}
	}

	private static List<String> fieldsIn(ApiClient.Reply reply) {
		List<String> fields = new ArrayList<>();
		reply.json().path("errors").forEach((error) -> fields.add(error.path("field").asString()));
		return fields;
	}

	private ApiClient.Reply send(BadRequest request) {
		if (request.raw != null) {
			return sendRaw(request.raw);
		}
		HttpRequest.BodyPublisher publisher;
		if (request.body.length == 0) {
			publisher = HttpRequest.BodyPublishers.noBody();
		}
		else if (request.chunked) {
			// No length known up front, so the client sends Transfer-Encoding: chunked.
			publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body));
		}
		else {
			publisher = HttpRequest.BodyPublishers.ofByteArray(request.body);
		}
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + request.path))
			.timeout(Duration.ofSeconds(30))
			.method(request.method, publisher);
		if (request.contentType != null) {
			builder.header("Content-Type", request.contentType);
		}
		request.headers.forEach(builder::header);
		try {
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new ApiClient.Reply(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No answer to " + request, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes bytes the JDK's client refuses to send (broken escapes, control characters,
	 * framing errors) on a plain socket and reads the answer until the server closes the
	 * connection.
	 */
	private ApiClient.Reply sendRaw(byte[] request) {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream().write(request);
			socket.getOutputStream().flush();
			byte[] answer = socket.getInputStream().readAllBytes();
			String text = new String(answer, StandardCharsets.ISO_8859_1);
			int headEnd = text.indexOf("\r\n\r\n");
			assertThat(headEnd).as("an HTTP answer, got: %s", text).isPositive();
			String[] head = text.substring(0, headEnd).split("\r\n");
			int status = Integer.parseInt(head[0].split(" ")[1]);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < head.length; i++) {
				String[] header = head[i].split(":", 2);
				headers.computeIfAbsent(header[0].strip(), (name) -> new ArrayList<>()).add(header[1].strip());
			}
			String body = text.substring(headEnd + 4);
			boolean chunked = headers.entrySet()
				.stream()
				.anyMatch((entry) -> entry.getKey().equalsIgnoreCase("Transfer-Encoding")
						&& entry.getValue().contains("chunked"));
			if (chunked) {
				body = unchunk(body);
			}
			return new ApiClient.Reply(status, headers,
					new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String unchunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int position = 0;
		while (true) {
			int lineEnd = chunked.indexOf("\r\n", position);
			int size = Integer.parseInt(chunked.substring(position, lineEnd).split(";")[0].strip(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			position = lineEnd + 2 + size + 2;
		}
	}

	private static BadRequest raw(String request) {
		BadRequest bad = new BadRequest("RAW", request.substring(0, request.indexOf(' ', request.indexOf(' ') + 1)));
		bad.raw = request.getBytes(StandardCharsets.UTF_8);
		bad.instance = false;
		return bad;
	}

	private static BadRequest json(String path, String body) {
		return new BadRequest("POST", path).body(JSON, body.getBytes(StandardCharsets.UTF_8));
	}

	private static BadRequest bytes(String path, String contentType, byte[] body) {
		return new BadRequest("POST", path).body(contentType, body);
	}

	/**
	 * A request whose body names a unique marker, so the test can check that no user was
	 * stored for it.
	 */
	private static BadRequest registration(String path, Function<String, String> body) {
		String marker = "bad-" + UUID.randomUUID();
		BadRequest request = json(path, body.apply(marker));
		request.marker = marker;
		return request;
	}

	private static String body(String email, String password) {
		return "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}";
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String body(String email, String password, String fullName) {
		return "{\"email\": \"" + email + "\", \"password\": \"" + password + "\", \"full_name\": \"" + fullName
				+ "\"}";
	}

	private static byte[] invalidUtf8() {
		byte[] start = "{\"email\": \"a".getBytes(StandardCharsets.UTF_8);
		byte[] end = "@example.com\", \"password\": \"password123\"}".getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[start.length + 3 + end.length];
		System.arraycopy(start, 0, body, 0, start.length);
		body[start.length] = (byte) 0xff;
		body[start.length + 1] = (byte) 0xc0;
		body[start.length + 2] = (byte) 0x80;
		System.arraycopy(end, 0, body, start.length + 3, end.length);
		return body;
	}

	/**
	 * One hostile request and what it must get; its name is what the test report shows.
	 */
	static final class BadRequest {

		final String method;

		final String path;

		final Map<String, String> headers = new LinkedHashMap<>();

		final List<String> fields = new ArrayList<>();

		@Nullable String contentType;

		byte[] body = new byte[0];

		boolean chunked;

		String name = "";

		@Nullable Integer status;

		@Nullable String code;

		@Nullable String marker;

		byte @Nullable [] raw;

		/**
		 * Whether the path is sound enough for the problem to name it in
		 * {@code instance}.
		 */
		boolean instance = true;

		BadRequest(String method, String path) {
			this.method = method;
			this.path = path;
		}

		BadRequest body(String contentType, byte[] body) {
			this.contentType = contentType;
			this.body = body;
			return this;
		}

		BadRequest contentType(@Nullable String contentType) {
			this.contentType = contentType;
			return this;
		}

		BadRequest header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		BadRequest chunked() {
			this.chunked = true;
			return this;
		}

		BadRequest named(String name) {
			this.name = name;
			return this;
		}

		BadRequest expect(int status, String code) {
			this.status = status;
			this.code = code;
			return this;
		}

		/**
		 * Any 4xx problem will do: the exact status is the server's or Tomcat's choice.
		 */
		BadRequest expectClientError() {
			return this;
		}

		/** For requests Tomcat cannot even read a path from. */
		BadRequest withoutInstance() {
			this.instance = false;
			return this;
		}

		BadRequest field(String field) {
			this.fields.add(field);
			return this;
		}

		@Override
		public String toString() {
			String shownPath = (this.path.length() > 60) ? this.path.substring(0, 60) + "..." : this.path;
			return this.method + " " + shownPath + ": " + this.name;
		}

	}

}
