package dev.latchkey;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
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
 * SPEC sections 2 and 9: the log tells an operator what happened (security events as
 * structured lines) and never holds a password, a token or a hash.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTest {

	@LocalServerPort
	int port;

	@Test
	@DisplayName("a whole session (register, login, refresh, /users/me, a wrong password, logout) logs events but no secret")
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

		/**
		 * Log levels belong to the whole JVM: the test classes that run later get their
		 * quiet log back.
		 */
		@AfterEach
		void restoreLogLevels(@Autowired LoggerGroups groups, @Autowired LoggingSystem logging) {
			Stream
				.concat(Stream.of("web", "sql").flatMap((group) -> groups.get(group).getMembers().stream()),
						Stream.of("org.springframework.boot", "org.springframework.security", "dev.latchkey"))
				.forEach((logger) -> logging.setLogLevel(logger, null));
		}

		@Test
		@DisplayName("at DEBUG level a whole session still logs no password, token or hash")
		void logsNoSecretsEvenAtDebugLevel(CapturedOutput output) {
			Set<String> secrets = runASession(this.port);

			assertNoSecretIn(output, secrets);
			assertThat(output).contains("event=login_succeeded").contains("event=login_failed");
		}

	}

	/** Runs the session and answers every secret that went over the wire. */
	private static Set<String> runASession(int port) {
		String email = ApiClient.uniqueEmail();
		String password = "log-hygiene-Pa55word";
		String wrongPassword = "wrong-Pa55word-guess";
		Set<String> secrets = new LinkedHashSet<>(Set.of(password, wrongPassword));
		ApiClient browser = new ApiClient(port);

		assertThat(browser.post("/auth/register", Map.of("email", email, "password", password)).status())
			.isEqualTo(201);
		assertThat(browser.post("/auth/login", Map.of("email", email, "password", password)).status()).isEqualTo(200);
		secrets.add(browser.cookies().value("access_token").orElseThrow());
		secrets.add(browser.cookies().value("refresh_token").orElseThrow());

		assertThat(browser.post("/auth/refresh").status()).isEqualTo(200);
		secrets.add(browser.cookies().value("access_token").orElseThrow());
		secrets.add(browser.cookies().value("refresh_token").orElseThrow());

		assertThat(browser.get("/users/me").status()).isEqualTo(200);

		ApiClient attacker = new ApiClient(port);
		assertThat(attacker.post("/auth/login", Map.of("email", email, "password", wrongPassword)).status())
			.isEqualTo(401);

		assertThat(browser.post("/auth/logout").status()).isEqualTo(200);
		assertThat(secrets).as("two access and two refresh tokens besides the passwords").hasSize(6);
		return secrets;
	}

	private static void assertNoSecretIn(CapturedOutput output, Set<String> secrets) {
		for (String secret : secrets) {
			assertThat(output.getAll()).as("the log holds a secret").doesNotContain(secret);
			String[] jwt = secret.split("\\.");
			if (jwt.length == 3) {
				// The claims and the signature of an access token must not appear on
				// their own either.
				assertThat(output.getAll()).as("the log holds part of an access token")
					.doesNotContain(jwt[1])
					.doesNotContain(jwt[2]);
			}
		}
		assertThat(output.getAll()).as("the log holds a password hash").doesNotContain("$argon2");
	}

}
