package dev.latchkey.users;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signed-in user changes their name and password and deletes their account, over real
 * HTTP with a cookie jar per device.
 */
@IntegrationTest
class AccountTest {

	private static final String PASSWORD = "correct-horse-battery";

	private static final String NEW_PASSWORD = "new-staple-battery-horse";

	private static final JsonMapper json = JsonMapper.shared();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	// PATCH /users/me

	@Test
	@DisplayName("PATCH /users/me sets the full name, trimmed, and GET /users/me shows it")
	void renameWhenNameGivenThenSetsTrimmedName() {
		ApiClient device = signedIn(ApiClient.uniqueEmail());

		Reply renamed = patchName(device, "  Ada Lovelace  ");

		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.json().path("full_name").asString()).isEqualTo("Ada Lovelace");
		assertThat(renamed.json().propertyNames()).containsExactlyInAnyOrder("id", "email", "full_name", "is_active",
				"is_verified", "created_at");
		assertThat(device.get("/users/me").json().path("full_name").asString()).isEqualTo("Ada Lovelace");
	}

	@Test
	@DisplayName("PATCH /users/me with full_name null, empty or blank removes the name")
	void renameWhenNameNullOrBlankThenClearsName() {
		ApiClient device = signedIn(ApiClient.uniqueEmail());
		for (String clearing : new String[] { null, "", "    " }) {
			assertThat(patchName(device, "Someone").json().path("full_name").asString()).isEqualTo("Someone");

			Reply cleared = patchName(device, clearing);

			assertThat(cleared.status()).isEqualTo(200);
			assertThat(cleared.json().has("full_name")).isTrue();
			assertThat(cleared.json().path("full_name").isNull()).as("full_name %s clears it", clearing).isTrue();
			assertThat(device.get("/users/me").json().path("full_name").isNull()).isTrue();
		}
	}

	@Test
	@DisplayName("PATCH /users/me refuses a name with a NUL or over 255 characters with 422 and keeps the old one")
	void renameWhenNameInvalidThen422AndNameUnchanged() {
		ApiClient device = signedIn(ApiClient.uniqueEmail());
		patchName(device, "Kept Name");

		Map<String, String> invalidBodies = Map.of("a NUL", "{\"full_name\": \"Bad\\u0000Name\"}", "300 characters",
				"{\"full_name\": \"" + "x".repeat(300) + "\"}", "a line break", "{\"full_name\": \"line\\nbreak\"}",
				"an unpaired surrogate", "{\"full_name\": \"\\ud800\"}");
		invalidBodies.forEach((label, body) -> {
			Reply refused = device.send("PATCH", "/users/me", Map.of("Content-Type", "application/json"), body);

			assertThat(refused.status()).as("full_name with %s", label).isEqualTo(422);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.code()).isEqualTo("validation_failed");
			assertThat(refused.json().path("errors").findValuesAsString("field")).contains("full_name");
		});
		assertThat(patchName(device, "y".repeat(255)).status()).as("255 characters are allowed").isEqualTo(200);
		assertThat(patchName(device, "Kept Name").status()).isEqualTo(200);
		assertThat(device.get("/users/me").json().path("full_name").asString()).isEqualTo("Kept Name");
	}

	@Test
	@DisplayName("PATCH /users/me without an access cookie answers 401")
	void renameWhenNotAuthenticatedThen401() {
		Reply refused = patchName(new ApiClient(this.port), "Nobody");

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.code()).isEqualTo("not_authenticated");
	}

	// POST /users/me/password

	@Test
	@DisplayName("a wrong current password answers 403 invalid_password and changes nothing")
	void changePasswordWhenCurrentWrongThen403AndNothingChanges() {
		String email = ApiClient.uniqueEmail();
		ApiClient current = signedIn(email);
		ApiClient other = login(email, PASSWORD);

		Reply refused = changePassword(current, "not-the-password", NEW_PASSWORD);

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.code()).isEqualTo("invalid_password");
		assertThat(refused.body()).doesNotContain("not-the-password").doesNotContain(NEW_PASSWORD);
		assertThat(other.get("/users/me").status()).as("no session was revoked").isEqualTo(200);
		assertThat(current.get("/users/me").status()).isEqualTo(200);
		assertThat(tryLogin(email, NEW_PASSWORD).code()).isEqualTo("invalid_credentials");
		assertThat(tryLogin(email, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("a right current password changes it, revokes every other live session at once and keeps this one")
	void changePasswordWhenCurrentRightThenOtherSessionsRevokedAndCurrentStays() {
		String email = ApiClient.uniqueEmail();
		ApiClient current = signedIn(email);
		ApiClient phone = login(email, PASSWORD);
		ApiClient tablet = login(email, PASSWORD);
		ApiClient loggedOut = login(email, PASSWORD);
		assertThat(loggedOut.post("/auth/logout").status()).isEqualTo(200);
		ApiClient stranger = signedIn(ApiClient.uniqueEmail());

		Reply changed = changePassword(current, PASSWORD, NEW_PASSWORD);

		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().propertyNames()).containsExactlyInAnyOrder("message", "revoked_sessions");
		assertThat(changed.json().path("message").asString()).isNotBlank();
		assertThat(changed.json().path("revoked_sessions").isInt()).isTrue();
		assertThat(changed.json().path("revoked_sessions").asInt())
			.as("the phone and the tablet; the logged-out session was no longer live")
			.isEqualTo(2);
		for (ApiClient revoked : List.of(phone, tablet)) {
			Reply refused = revoked.get("/users/me");
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.code()).isEqualTo("access_token_invalid");
			assertThat(revoked.post("/auth/refresh").status()).isEqualTo(401);
		}
		assertThat(current.get("/users/me").status()).as("the device that changed it stays signed in").isEqualTo(200);
		assertThat(current.post("/auth/refresh").status()).isEqualTo(200);
		assertThat(current.get("/auth/sessions").json()).hasSize(1);
		assertThat(stranger.get("/users/me").status()).as("other users are not affected").isEqualTo(200);

		assertThat(tryLogin(email, PASSWORD).code()).as("the old password no longer signs in")
			.isEqualTo("invalid_credentials");
		assertThat(tryLogin(email, NEW_PASSWORD).status()).as("the new one does").isEqualTo(200);
	}

	@Test
	@DisplayName("with no other session, a password change revokes none")
	void changePasswordWhenOnlySessionThenRevokesNone() {
		ApiClient current = signedIn(ApiClient.uniqueEmail());

		Reply changed = changePassword(current, PASSWORD, NEW_PASSWORD);

		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().path("revoked_sessions").asInt()).isZero();
		assertThat(current.get("/users/me").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("a new password too short or too long answers 422 on new_password and changes nothing")
	void changePasswordWhenNewPasswordUnacceptableThen422() {
		String email = ApiClient.uniqueEmail();
		ApiClient current = signedIn(email);
		ApiClient other = login(email, PASSWORD);

		for (String unacceptable : new String[] { "short", "1234567", "p".repeat(129), "" }) {
			Reply refused = changePassword(current, PASSWORD, unacceptable);

			assertThat(refused.status()).as("new password of %d characters", unacceptable.length()).isEqualTo(422);
			assertThat(refused.code()).isEqualTo("validation_failed");
			assertThat(refused.json().path("errors").findValuesAsString("field")).contains("new_password");
		}
		assertThat(other.get("/users/me").status()).isEqualTo(200);
		assertThat(tryLogin(email, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("a password change without the current password or without an access cookie is refused")
	void changePasswordWhenFieldsMissingOrAnonymousThenRefused() {
		ApiClient current = signedIn(ApiClient.uniqueEmail());

		Reply missing = current.post("/users/me/password", Map.of("new_password", NEW_PASSWORD));
		assertThat(missing.status()).isEqualTo(422);
		assertThat(missing.json().path("errors").findValuesAsString("field")).contains("current_password");

		Reply anonymous = new ApiClient(this.port).post("/users/me/password",
				Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD));
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.code()).isEqualTo("not_authenticated");
	}

	// DELETE /users/me

	@Test
	@DisplayName("deleting the account with a wrong password answers 403 invalid_password and keeps everything")
	void deleteWhenPasswordWrongThen403AndAccountKept() {
		String email = ApiClient.uniqueEmail();
		ApiClient device = signedIn(email);
		String userId = device.get("/users/me").json().path("id").asString();

		Reply refused = deleteAccount(device, "not-the-password");

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("invalid_password");
		assertThat(refused.setCookies()).isEmpty();
		assertThat(device.get("/users/me").status()).isEqualTo(200);
		assertThat(count("select count(*) from users where id = ?::uuid", userId)).isEqualTo(1);
		assertThat(tryLogin(email, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("deleting the account without a password answers 422")
	void deleteWhenPasswordMissingThen422() {
		ApiClient device = signedIn(ApiClient.uniqueEmail());

		Reply refused = device.send("DELETE", "/users/me", Map.of("Content-Type", "application/json"), "{}");

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().path("errors").findValuesAsString("field")).contains("password");
		assertThat(device.get("/users/me").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("deleting the account answers 204, clears the cookies, refuses its tokens and removes every row")
	void deleteWhenPasswordRightThenAccountSessionsAndTokensGone() {
		String email = ApiClient.uniqueEmail();
		ApiClient device = signedIn(email);
		ApiClient otherDevice = login(email, PASSWORD);
		assertThat(otherDevice.post("/auth/refresh").status()).isEqualTo(200);
		String userId = device.get("/users/me").json().path("id").asString();
		String accessToken = device.cookies().value("access_token").orElseThrow();
		String refreshToken = device.cookies().value("refresh_token").orElseThrow();
		List<String> sessionIds = this.jdbc.queryForList("select id::text from sessions where user_id = ?::uuid",
				String.class, userId);
		assertThat(sessionIds).hasSize(2);

		Reply deleted = deleteAccount(device, PASSWORD);

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(deleted.body()).isEmpty();
		assertThat(deleted.setCookies()).hasSize(2)
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("access_token=;").contains("Max-Age=0"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("refresh_token=;").contains("Max-Age=0"));
		assertThat(device.cookies().value("access_token")).isEmpty();

		ApiClient replay = new ApiClient(this.port);
		replay.cookies().set("access_token", accessToken, "/");
		replay.cookies().set("refresh_token", refreshToken, "/auth");
		assertThat(replay.get("/users/me").status()).as("the deleted account's access token").isEqualTo(401);
		assertThat(replay.post("/auth/refresh").status()).isEqualTo(401);
		assertThat(otherDevice.get("/users/me").status()).as("the other device's access token").isEqualTo(401);
		assertThat(otherDevice.post("/auth/refresh").status()).isEqualTo(401);
		Reply login = tryLogin(email, PASSWORD);
		assertThat(login.status()).isEqualTo(401);
		assertThat(login.code()).isEqualTo("invalid_credentials");

		assertThat(count("select count(*) from users where id = ?::uuid", userId)).isZero();
		assertThat(count("select count(*) from users where lower(email) = lower(?)", email)).isZero();
		assertThat(count("select count(*) from sessions where user_id = ?::uuid", userId)).isZero();
	}

	@Test
	@DisplayName("after deletion the email is free: registering it again makes a new account")
	void deleteThenEmailCanRegisterAgain() {
		String email = ApiClient.uniqueEmail();
		ApiClient device = signedIn(email);
		String oldId = device.get("/users/me").json().path("id").asString();
		assertThat(deleteAccount(device, PASSWORD).status()).isEqualTo(204);

		Reply again = new ApiClient(this.port).post("/auth/register", Map.of("email", email, "password", NEW_PASSWORD));

		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().path("id").asString()).isNotEqualTo(oldId);
	}

	@Test
	@DisplayName("deleting the account without an access cookie answers 401")
	void deleteWhenNotAuthenticatedThen401() {
		Reply refused = deleteAccount(new ApiClient(this.port), PASSWORD);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.code()).isEqualTo("not_authenticated");
	}

	private ApiClient signedIn(String email) {
		ApiClient device = new ApiClient(this.port);
		device.registerAndLogin(email, PASSWORD);
		return device;
	}

	private ApiClient login(String email, String password) {
		ApiClient device = new ApiClient(this.port);
		assertThat(device.post("/auth/login", Map.of("email", email, "password", password)).status()).isEqualTo(200);
		return device;
	}

	private Reply tryLogin(String email, String password) {
		return new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", password));
	}

	private static Reply patchName(ApiClient device, String fullName) {
		Map<String, Object> body = new HashMap<>();
		body.put("full_name", fullName);
		return device.send("PATCH", "/users/me", Map.of("Content-Type", "application/json"),
				json.writeValueAsString(body));
	}

	private static Reply changePassword(ApiClient device, String currentPassword, String newPassword) {
		return device.post("/users/me/password",
				Map.of("current_password", currentPassword, "new_password", newPassword));
	}

	private static Reply deleteAccount(ApiClient device, String password) {
		return device.send("DELETE", "/users/me", Map.of("Content-Type", "application/json"),
				json.writeValueAsString(Map.of("password", password)));
	}

	private int count(String sql, Object... arguments) {
		Integer count = this.jdbc.queryForObject(sql, Integer.class, arguments);
		return (count != null) ? count : -1;
	}

}
