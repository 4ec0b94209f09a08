package dev.latchkey.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations: Prometheus metrics at /metrics and security events as structured log lines
 * without secrets. The application context is shared with other test classes, so counters
 * are compared before and after.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class MetricsAndEventsTest {

	private static final String PASSWORD = "metrics-Pa55word-one";

	private static final String WRONG_PASSWORD = "metrics-Wr0ng-guess";

	private static final String NEW_PASSWORD = "metrics-Pa55word-two";

	private static final Pattern SAMPLE = Pattern
		.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Test
	@DisplayName("GET /metrics is Prometheus text with Latchkey's meters")
	void metricsEndpointServesPrometheusText() {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);

		Reply metrics = client.get("/metrics");

		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.contentType()).startsWith("text/plain");
		assertThat(metrics.body()).contains("# TYPE latchkey_logins_total counter")
			.contains("# TYPE latchkey_password_hashing_seconds ")
			.contains("# TYPE latchkey_password_hashing_queue gauge");
		assertThat(value(metrics.body(), "latchkey_password_hashing_queue")).isGreaterThanOrEqualTo(0);
		assertThat(value(metrics.body(), "latchkey_password_hashing_seconds_sum")).isPositive();
	}

	@Test
	@DisplayName("login, failed login, refresh, reuse and password change each move their meter and log their event, with no secret")
	void securityEventsAreCountedAndLoggedWithoutSecrets(CapturedOutput output) {
		String before = scrape();
		String email = ApiClient.uniqueEmail();
		List<String> secrets = new ArrayList<>(List.of(PASSWORD, WRONG_PASSWORD, NEW_PASSWORD));

		// A successful login, and a failed one.
		ApiClient first = new ApiClient(this.port);
		first.registerAndLogin(email, PASSWORD);
		String userId = first.get("/users/me").json().path("id").asString();
		String firstSession = currentSessionId(first);
		secrets.addAll(tokens(first));
		assertThat(new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", WRONG_PASSWORD))
			.status()).isEqualTo(401);

		// A refresh; then the spent token comes back after the grace period: reuse.
		String spentRefreshToken = first.cookies().value("refresh_token").orElseThrow();
		assertThat(first.post("/auth/refresh").status()).isEqualTo(200);
		secrets.addAll(tokens(first));
		this.clock.advance(Duration.ofSeconds(11));
		ApiClient thief = new ApiClient(this.port);
		thief.cookies().set("refresh_token", spentRefreshToken, "/auth");
		assertThat(thief.post("/auth/refresh").code()).isEqualTo("refresh_token_reused");

		// Two more devices; a password change on one signs the other out.
		ApiClient second = login(email);
		ApiClient third = login(email);
		secrets.addAll(tokens(second));
		secrets.addAll(tokens(third));
		Reply changed = second.post("/users/me/password",
				Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD));
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().path("revoked_sessions").asInt()).isEqualTo(1);

		String after = scrape();
		assertThat(increase(before, after, "latchkey_logins_total", "outcome=\"success\"")).isEqualTo(3);
		assertThat(increase(before, after, "latchkey_logins_total", "outcome=\"invalid_credentials\"")).isEqualTo(1);
		assertThat(increase(before, after, "latchkey_refreshes_total", "outcome=\"rotated\"")).isEqualTo(1);
		assertThat(increase(before, after, "latchkey_refreshes_total", "outcome=\"refresh_token_reused\""))
			.isEqualTo(1);
		assertThat(increase(before, after, "latchkey_refresh_reuse_detected_total")).isEqualTo(1);
		assertThat(increase(before, after, "latchkey_sessions_revoked_total", "reason=\"password_changed\""))
			.isEqualTo(1);
		assertThat(increase(before, after, "latchkey_password_hashing_seconds_count"))
			.as("a registration, four verifications and a password change's verification and hash")
			.isGreaterThanOrEqualTo(7);
		assertThat(increase(before, after, "latchkey_password_hashing_seconds_sum")).isPositive();
		assertThat(after).contains("latchkey_password_hashing_queue");

		List<String> events = output.getAll().lines().filter((line) -> line.contains("event=")).toList();
		assertThat(events).anySatisfy((line) -> assertThat(line).contains("latchkey.security")
			.contains("event=login_succeeded")
			.contains("user_id=" + userId)
			.contains("session_id=" + firstSession));
		assertThat(events).anySatisfy(
				(line) -> assertThat(line).contains("event=login_failed").contains("reason=invalid_credentials"));
		assertThat(events).anySatisfy((line) -> assertThat(line).contains("event=refresh_token_reused")
			.contains("user_id=" + userId)
			.contains("session_id=" + firstSession));
		assertThat(events)
			.anySatisfy((line) -> assertThat(line).contains("event=password_changed").contains("user_id=" + userId));
		assertThat(events).anySatisfy((line) -> assertThat(line).contains("event=session_revoked")
			.contains("user_id=" + userId)
			.contains("count=1")
			.contains("reason=password_changed"));
		assertThat(secrets).as("three passwords, and two tokens for each of three logins and one refresh")
			.hasSize(3 + 8);
		for (String line : events) {
			assertThat(line).as("an event line holds an email").doesNotContain(email).doesNotContain("@example.com");
			assertThat(line).as("an event line holds a hash").doesNotContain("$argon2");
			for (String secret : secrets) {
				assertThat(line).as("an event line holds a password or a token").doesNotContain(secret);
				for (String part : secret.split("\\.")) {
					if (part.length() > 16) {
						assertThat(line).as("an event line holds part of a token").doesNotContain(part);
					}
				}
			}
		}
	}

	private ApiClient login(String email) {
		ApiClient device = new ApiClient(this.port);
		assertThat(device.post("/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
		return device;
	}

	private static List<String> tokens(ApiClient device) {
		return List.of(device.cookies().value("access_token").orElseThrow(),
				device.cookies().value("refresh_token").orElseThrow());
	}

	private static String currentSessionId(ApiClient device) {
		for (JsonNode session : device.get("/auth/sessions").json()) {
			if (session.path("current").asBoolean()) {
				return session.path("id").asString();
			}
		}
		throw new AssertionError("No current session");
	}

	private String scrape() {
		Reply metrics = new ApiClient(this.port).get("/metrics");
		assertThat(metrics.status()).isEqualTo(200);
		return metrics.body();
	}

	private static double increase(String before, String after, String name, String... labels) {
		return value(after, name, labels) - value(before, name, labels);
	}

	/**
	 * The sum of the samples of one metric that carry all the given labels; 0 when there
	 * are none.
	 */
	private static double value(String exposition, String name, String... labels) {
		double sum = 0;
		for (String line : exposition.lines().toList()) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
				continue;
			}
			String labelText = (sample.group(3) != null) ? sample.group(3) : "";
			if (Arrays.stream(labels).allMatch(labelText::contains)) {
				sum += Double.parseDouble(sample.group(4));
			}
		}
		return sum;
	}

}
