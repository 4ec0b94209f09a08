package dev.latchkey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log tells an operator what happened (security events as structured lines) and never
 * holds a password, a token, a hash or an email address.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest {

	/** Spring MVC's loggers that write request and response bodies through toString(). */
	private static final List<String> BODY_LOGGERS = List.of(
			"org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor",
			"org.springframework.web.servlet.mvc.method.annotation.HttpEntityMethodProcessor");

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@LocalServerPort
	int port;

	@Test
	@DisplayName("a whole session (register, login, refresh, /users/me, wrong passwords, the account endpoints, logout) logs events but no secret")
	void logsSecurityEventsWithoutSecrets(CapturedOutput output) {
		Set<String> secrets = runASession(this.port);

		assertNoSecretIn(output, secrets);
		assertThat(output).contains("event=login_succeeded").contains("event=login_failed");
	}

	/**
	 * With the web layer, Spring Security and Latchkey itself logging at DEBUG (what an
	 * operator turns on to investigate), the log still holds no secret.
	 */
	@Nested
	@TestPropertySource(properties = { "DEBUG=true", "logging.level.web=debug",
			"logging.level.org.springframework.security=debug", "logging.level.dev.latchkey=debug" })
	class AtDebugLevel {

		@LocalServerPort
		int port;

		@AfterEach
		void restoreLogLevels(@Autowired LoggerGroups groups, @Autowired LoggingSystem logging) {
			LogHygieneTest.restoreLogLevels(groups, logging);
		}

		@Test
		@DisplayName("at DEBUG level a whole session still logs no password, token, hash or email")
		void logsNoSecretsEvenAtDebugLevel(CapturedOutput output) {
			Set<String> secrets = runASession(this.port);

			assertNoSecretIn(output, secrets);
			assertThat(output).contains("event=login_succeeded").contains("event=login_failed");
			assertThat(output).as("DEBUG lines of the web layer")
				.contains("Mapped to dev.latchkey.users.UsersController");
		}

	}

	/**
	 * An operator who names Spring MVC's body loggers to lower them gets the bodies, but
	 * through request and response records whose toString() leaves every email out.
	 */
	@Nested
	@TestPropertySource(properties = { "DEBUG=true", "logging.level.web=debug",
			"logging.level.org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor=debug",
			"logging.level.org.springframework.web.servlet.mvc.method.annotation.HttpEntityMethodProcessor=debug" })
	class WithTheBodyLoggersAtDebugLevel {

		@LocalServerPort
		int port;

		@AfterEach
		void restoreLogLevels(@Autowired LoggerGroups groups, @Autowired LoggingSystem logging) {
			LogHygieneTest.restoreLogLevels(groups, logging);
		}

		@Test
		@DisplayName("with the body loggers lowered to DEBUG a whole session still logs no password, token, hash or email")
		void logsNoSecretsInBodies(CapturedOutput output) {
			Set<String> secrets = runASession(this.port);

			assertNoSecretIn(output, secrets);
			assertThat(output).as("the bodies were logged").contains("Read \"application/json").contains("Writing [");
		}

	}

	/**
	 * Log levels belong to the whole JVM: the test classes that run later get their quiet
	 * log back, and the body loggers the level application.yml gives them.
	 */
	private static void restoreLogLevels(LoggerGroups groups, LoggingSystem logging) {
		Stream
			.concat(Stream.of("web", "sql").flatMap((group) -> groups.get(group).getMembers().stream()),
					Stream.of("org.springframework.boot", "org.springframework.security", "dev.latchkey"))
			.forEach((logger) -> logging.setLogLevel(logger, null));
		BODY_LOGGERS.forEach((logger) -> logging.setLogLevel(logger, LogLevel.INFO));
	}

	/**
	 * Runs the session and answers every secret that went over the wire: the passwords
	 * (also one refused as too long), the tokens, the email address and its local part
	 * (which a log line cut short would still show).
	 */
	private static Set<String> runASession(int port) {
		String localPart = "log-hygiene-" + UUID.randomUUID().toString().substring(0, 8);
		String email = localPart + "@example.com";
		String password = "log-hygiene-Pa55word";
		String wrongPassword = "wrong-Pa55word-guess";
		String newPassword = "new-log-hygiene-Pa55word";
		String refusedPassword = "refused-as-too-long-" + UUID.randomUUID() + "-".repeat(100);
		Set<String> secrets = new LinkedHashSet<>(
				List.of(email, localPart, password, wrongPassword, newPassword, refusedPassword));
		ApiClient browser = new ApiClient(port);

		assertThat(browser.post("/auth/register", Map.of("email", email, "password", refusedPassword)).status())
			.isEqualTo(422);
		assertThat(browser.post("/auth/register", Map.of("email", email, "password", password)).status())
			.isEqualTo(201);
		assertThat(browser.post("/auth/login", Map.of("email", email, "password", password)).status()).isEqualTo(200);
		secrets.addAll(tokens(browser));

		assertThat(browser.post("/auth/refresh").status()).isEqualTo(200);
		secrets.addAll(tokens(browser));

		assertThat(browser.get("/users/me").status()).isEqualTo(200);
		assertThat(browser.get("/auth/sessions").status()).isEqualTo(200);

		ApiClient attacker = new ApiClient(port);
		assertThat(attacker.post("/auth/login", Map.of("email", email, "password", wrongPassword)).status())
			.isEqualTo(401);

		assertThat(browser.send("PATCH", "/users/me", JSON, json(Map.of("full_name", "Log Hygiene"))).status())
			.isEqualTo(200);
		assertThat(browser
			.post("/users/me/password", Map.of("current_password", wrongPassword, "new_password", newPassword))
			.status()).isEqualTo(403);
		assertThat(browser.post("/users/me/password", Map.of("current_password", password, "new_password", newPassword))
			.status()).isEqualTo(200);

		assertThat(browser.post("/auth/logout").status()).isEqualTo(200);
		assertThat(browser.post("/auth/login", Map.of("email", email, "password", newPassword)).status())
			.isEqualTo(200);
		secrets.addAll(tokens(browser));

		assertThat(browser.send("DELETE", "/users/me", JSON, json(Map.of("password", wrongPassword))).status())
			.isEqualTo(403);
		assertThat(browser.send("DELETE", "/users/me", JSON, json(Map.of("password", newPassword))).status())
			.isEqualTo(204);
		assertThat(secrets).as("six passwords and addresses, and three access and three refresh tokens").hasSize(12);
		return secrets;
	}

	private static List<String> tokens(ApiClient client) {
		return List.of(client.cookies().value("access_token").orElseThrow(),
				client.cookies().value("refresh_token").orElseThrow());
	}

	private static String json(Object body) {
		return JsonMapper.shared().writeValueAsString(body);
	}

	private static void assertNoSecretIn(CapturedOutput output, Set<String> secrets) {
		List<String> lines = output.getAll().lines().toList();
		for (String secret : secrets) {
			assertThat(linesHolding(lines, secret)).as("log lines holding the secret %s", secret).isEmpty();
			String[] jwt = secret.split("\\.");
			if (jwt.length == 3) {
				// The claims and the signature of an access token must not appear on
				// their own either.
				assertThat(linesHolding(lines, jwt[1])).as("log lines holding the claims of an access token").isEmpty();
				assertThat(linesHolding(lines, jwt[2])).as("log lines holding the signature of an access token")
					.isEmpty();
			}
		}
		assertThat(linesHolding(lines, "$argon2")).as("log lines holding a password hash").isEmpty();
		assertThat(linesHolding(lines, "@example.com")).as("log lines holding an email address").isEmpty();
	}

	private static List<String> linesHolding(List<String> lines, String text) {
		return lines.stream().filter((line) -> line.contains(text)).toList();
	}

}
