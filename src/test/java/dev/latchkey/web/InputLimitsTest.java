package dev.latchkey.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever passes validation fits where it is stored: the longest value each field
 * accepts, also one that grows or shrinks when it is normalised, is stored (never a 500),
 * and one character more is a 422. Lengths are counted as PostgreSQL counts a
 * {@code varchar(n)}: in characters, Unicode code points.
 */
@IntegrationTest
class InputLimitsTest {

	private static final String PASSWORD = "input-limits-Pa55word";

	/**
	 * Three labels of 63 letters and .com: 195 characters, the rest is the local part.
	 */
	private static final String LONG_DOMAIN = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(63) + ".com";

	/** U+0130, which lower-cases to two characters: i and U+0307. */
	private static final String DOTTED_CAPITAL_I = "\u0130";

	private static final String KEY = "\ud83d\udd11";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	// --- email (users.email is varchar(254)) ---

	@Test
	@DisplayName("an address of 254 characters that lower-casing makes 255 is a 422, not a 500")
	void refusesAnAddressThatOutgrowsTheColumnWhenLowerCased() {
		String email = address(254, DOTTED_CAPITAL_I);
		assertThat(email.toLowerCase(Locale.ROOT)).hasSize(255);

		Reply registered = register(email, PASSWORD, null);

		assertValidationFailed(registered, "email");
		assertThat(new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", PASSWORD)).status())
			.isEqualTo(422);
	}

	@Test
	@DisplayName("an address of 253 characters that lower-casing makes 254 is stored, and signs in as typed")
	void storesAnAddressThatLowerCasesToTheLongestAllowed() {
		String email = address(253, DOTTED_CAPITAL_I);

		Reply registered = register(email, PASSWORD, null);

		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		assertThat(storedLength(registered, "email")).isEqualTo(254);
		assertThat(registered.json().path("email").asString()).isEqualTo(email.toLowerCase(Locale.ROOT));
		assertThat(new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", PASSWORD)).status())
			.isEqualTo(200);
	}

	@Test
	@DisplayName("an address of 254 capital letters, with spaces around it, is stored as 254 lower-case ones")
	void storesTheLongestAddressTrimmedAndLowerCased() {
		String email = address(254, "").toUpperCase(Locale.ROOT);

		Reply registered = register("   " + email + "   ", PASSWORD, null);

		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		assertThat(storedLength(registered, "email")).isEqualTo(254);
		assertThat(registered.json().path("email").asString()).isEqualTo(email.toLowerCase(Locale.ROOT));
	}

	// --- full_name (users.full_name is varchar(255)) ---

	@Test
	@DisplayName("a full_name of 255 characters outside the BMP (510 UTF-16 units) fits varchar(255), so it is stored")
	void storesTheLongestFullNameOutsideTheBmp() {
		Reply registered = register(address(40, ""), PASSWORD, KEY.repeat(255));

		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		assertThat(storedLength(registered, "full_name")).isEqualTo(255);
	}

	@Test
	@DisplayName("a full_name of 255 characters with spaces around it is stored trimmed; 256 are a 422")
	void storesTheLongestFullNameTrimmedAndRefusesOneMore() {
		Reply registered = register(address(40, ""), PASSWORD, "  " + "N".repeat(255) + "  ");
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		assertThat(storedLength(registered, "full_name")).isEqualTo(255);

		assertValidationFailed(register(address(40, ""), PASSWORD, "N".repeat(256)), "full_name");
		assertValidationFailed(register(address(40, ""), PASSWORD, KEY.repeat(256)), "full_name");
	}

	@Test
	@DisplayName("PATCH /users/me stores the longest full_name, inside the BMP or not, and refuses one more")
	void renamesToTheLongestFullName() {
		ApiClient client = signedIn();

		for (String name : new String[] { "N".repeat(255), KEY.repeat(255), " " + "N".repeat(255) + " " }) {
			Reply renamed = patchFullName(client, name);
			assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
			assertThat(storedLength(renamed, "full_name")).isEqualTo(255);
		}
		assertValidationFailed(patchFullName(client, "N".repeat(256)), "full_name");
		assertValidationFailed(patchFullName(client, KEY.repeat(256)), "full_name");
	}

	// --- passwords (only their hash is stored, but they must not fail on length) ---

	@Test
	@DisplayName("the longest password each endpoint accepts is answered, never with a 500, and one more is a 422")
	void answersTheLongestPasswordsOnEveryEndpoint() {
		String longest = KEY.repeat(128);
		String longestPresented = "p".repeat(256);
		ApiClient client = signedIn();

		assertThat(new ApiClient(this.port)
			.post("/auth/login", Map.of("email", ApiClient.uniqueEmail(), "password", longestPresented))
			.status()).isEqualTo(401);
		assertThat(
				client.post("/users/me/password", Map.of("current_password", longestPresented, "new_password", longest))
					.status())
			.isEqualTo(403);
		assertThat(client.post("/users/me/password", Map.of("current_password", PASSWORD, "new_password", longest))
			.status()).isEqualTo(200);
		assertThat(deleteAccount(client, longestPresented).status()).isEqualTo(403);

		assertValidationFailed(new ApiClient(this.port).post("/auth/login",
				Map.of("email", ApiClient.uniqueEmail(), "password", longestPresented + "p")), "password");
		assertValidationFailed(
				client.post("/users/me/password",
						Map.of("current_password", longestPresented + "p", "new_password", PASSWORD)),
				"current_password");
		assertValidationFailed(
				client.post("/users/me/password", Map.of("current_password", longest, "new_password", longest + "p")),
				"new_password");
		assertValidationFailed(deleteAccount(client, longestPresented + "p"), "password");
		assertThat(deleteAccount(client, longest).status()).isEqualTo(204);
	}

	// --- the User-Agent (sessions.user_agent is varchar(512)) ---

	@Test
	@DisplayName("a User-Agent of 7 000 characters signs in and refreshes, and is stored cut to 512")
	void storesTheUserAgentCutToTheColumn() {
		String userAgent = "Agent/1.0 (" + "u".repeat(7000) + ")";
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		assertThat(register(email, PASSWORD, null).status()).isEqualTo(201);
		Map<String, String> headers = Map.of("Content-Type", "application/json", "User-Agent", userAgent);

		Reply login = client.send("POST", "/auth/login", headers, json(Map.of("email", email, "password", PASSWORD)));
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(storedUserAgent(client)).isEqualTo(userAgent.substring(0, 512));

		Reply refreshed = client.send("POST", "/auth/refresh", headers, "");
		assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
		assertThat(storedUserAgent(client)).isEqualTo(userAgent.substring(0, 512));
	}

	/**
	 * A unique address of the given length with a 195-character domain, its local part
	 * starting with {@code prefix}.
	 */
	private static String address(int length, String prefix) {
		String marker = UUID.randomUUID().toString().replace("-", "");
		if (length < LONG_DOMAIN.length() + 1 + prefix.length() + marker.length()) {
			return prefix + marker + "@example.com";
		}
		String local = prefix + marker;
		local += "x".repeat(length - 1 - LONG_DOMAIN.length() - local.length());
		return local + "@" + LONG_DOMAIN;
	}

	private Reply register(String email, String password, String fullName) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("email", email);
		body.put("password", password);
		if (fullName != null) {
			body.put("full_name", fullName);
		}
		return new ApiClient(this.port).post("/auth/register", body);
	}

	private ApiClient signedIn() {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		return client;
	}

	private static Reply patchFullName(ApiClient client, String fullName) {
		return client.send("PATCH", "/users/me", Map.of("Content-Type", "application/json"),
				json(Map.of("full_name", fullName)));
	}

	private static Reply deleteAccount(ApiClient client, String password) {
		return client.send("DELETE", "/users/me", Map.of("Content-Type", "application/json"),
				json(Map.of("password", password)));
	}

	/** The length PostgreSQL counts of a column of the user a reply shows. */
	private int storedLength(Reply user, String column) {
		Integer length = this.jdbc.queryForObject("select char_length(" + column + ") from users where id = ?::uuid",
				Integer.class, user.json().path("id").asString());
		return (length != null) ? length : 0;
	}

	private static String storedUserAgent(ApiClient client) {
		JsonNode sessions = client.get("/auth/sessions").json();
		assertThat(sessions.size()).isEqualTo(1);
		return sessions.get(0).path("user_agent").asString();
	}

	private static void assertValidationFailed(Reply reply, String field) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(422);
		assertThat(reply.code()).isEqualTo("validation_failed");
		assertThat(reply.json().path("errors").findValuesAsString("field")).contains(field);
	}

	private static String json(Object body) {
		return JsonMapper.shared().writeValueAsString(body);
	}

}
