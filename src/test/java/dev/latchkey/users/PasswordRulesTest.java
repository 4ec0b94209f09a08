package dev.latchkey.users;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Registration, login, change-password and delete-account agree on what a password is: a
 * new one (@AcceptablePassword) is PASSWORD_MIN_LENGTH to 128 characters of plain text
 * and not only whitespace; a presented one (@PresentedPassword) is any non-empty plain
 * text a new one could be. So every password that registers can sign in and be used as
 * the current password, and every one that does not is refused at registration and as a
 * new password alike.
 */
@IntegrationTest
class PasswordRulesTest {

	private static final String OTHER_PASSWORD = "password-rules-other";

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@LocalServerPort
	int port;

	static Stream<Arguments> passwords() {
		return Stream.of(argumentSet("the minimum, 8 characters", "abcdefgh", true),
				argumentSet("7 characters", "abcdefg", false), argumentSet("spaces around", "  correct horse  ", true),
				argumentSet("spaces inside", "correct horse battery staple", true),
				argumentSet("seven spaces and a letter", "       x", true),
				argumentSet("ten spaces", " ".repeat(10), false),
				argumentSet("ten no-break spaces", "\u00a0".repeat(10), false),
				argumentSet("eight ideographic spaces", "\u3000".repeat(8), false),
				argumentSet("eight zero-width spaces", "\u200b".repeat(8), false),
				argumentSet("spaces and a zero-width space", "    \u200b    ", false),
				argumentSet("128 characters outside the BMP", "\ud83d\udd11".repeat(128), true),
				argumentSet("129 characters outside the BMP", "\ud83d\udd11".repeat(129), false),
				argumentSet("128 letters", "p".repeat(128), true), argumentSet("129 letters", "p".repeat(129), false),
				argumentSet("a tab inside", "correct\thorse", false),
				argumentSet("a newline at the end", "correct horse\n", false));
	}

	@ParameterizedTest
	@MethodSource("passwords")
	@DisplayName("a password that registers signs in, changes and deletes; one that does not is a 422 as a new password too")
	void everyPasswordThatRegistersCanBeUsed(String password, boolean acceptable) {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);

		Reply registered = client.post("/auth/register", Map.of("email", email, "password", password));

		if (!acceptable) {
			assertRefusedAsPassword(registered, "password");
			client.registerAndLogin(email, OTHER_PASSWORD);
			assertRefusedAsPassword(client.post("/users/me/password",
					Map.of("current_password", OTHER_PASSWORD, "new_password", password)), "new_password");
			return;
		}
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		Reply login = client.post("/auth/login", Map.of("email", email, "password", password));
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(
				client.post("/users/me/password", Map.of("current_password", password, "new_password", OTHER_PASSWORD))
					.status())
			.as("the password as current_password")
			.isEqualTo(200);
		assertThat(
				client.post("/users/me/password", Map.of("current_password", OTHER_PASSWORD, "new_password", password))
					.status())
			.as("the password as new_password")
			.isEqualTo(200);
		assertThat(new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", password)).status())
			.as("signing in with it again")
			.isEqualTo(200);
		assertThat(client
			.send("DELETE", "/users/me", JSON, JsonMapper.shared().writeValueAsString(Map.of("password", password)))
			.status()).as("deleting the account with it").isEqualTo(204);
	}

	@Test
	@DisplayName("a wrong password of only spaces at login is wrong credentials, not a malformed request")
	void answersAWrongBlankPasswordAsWrongCredentials() {
		String email = ApiClient.uniqueEmail();
		new ApiClient(this.port).registerAndLogin(email, OTHER_PASSWORD);

		Reply login = new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", " ".repeat(10)));

		assertThat(login.status()).as(login.body()).isEqualTo(401);
		assertThat(login.code()).isEqualTo("invalid_credentials");
	}

	private static void assertRefusedAsPassword(Reply reply, String field) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(422);
		assertThat(reply.json().path("errors").findValuesAsString("field")).containsExactly(field);
	}

	/**
	 * After PASSWORD_MIN_LENGTH is raised, passwords set under the old minimum still sign
	 * in and still serve as the current password: only new passwords meet the new
	 * minimum.
	 */
	@Nested
	@TestPropertySource(properties = "PASSWORD_MIN_LENGTH=12")
	class AfterTheMinimumIsRaised {

		@LocalServerPort
		int port;

		@Test
		void passwordsSetUnderTheOldMinimumStillWork(@Autowired PasswordHasher hasher, @Autowired JdbcTemplate jdbc) {
			String email = ApiClient.uniqueEmail();
			String oldPassword = "eight888";
			Instant now = Instant.now();
			jdbc.update(
					"insert into users (id, email, password_hash, is_active, created_at, updated_at) values (?, ?, ?, true, ?, ?)",
					UUID.randomUUID(), email, hasher.hash(oldPassword), java.sql.Timestamp.from(now),
					java.sql.Timestamp.from(now));
			ApiClient client = new ApiClient(this.port);

			assertThat(client.post("/auth/login", Map.of("email", email, "password", oldPassword)).status())
				.isEqualTo(200);
			assertRefusedAsPassword(client.post("/users/me/password",
					Map.of("current_password", oldPassword, "new_password", "eleven11111")), "new_password");
			assertThat(client
				.post("/users/me/password", Map.of("current_password", oldPassword, "new_password", "twelve121212"))
				.status()).isEqualTo(200);
			assertRefusedAsPassword(
					client.post("/auth/register", Map.of("email", ApiClient.uniqueEmail(), "password", "eleven11111")),
					"password");
		}

	}

}
