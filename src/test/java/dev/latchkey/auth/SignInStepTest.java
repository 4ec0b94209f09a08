package dev.latchkey.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.sessions.SignInFactors;
import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.users.AuthenticatedUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seam a second factor plugs into: a {@link SignInStep} bean that requires a further
 * step for some users. Those users get no session, no session cookie and no device cookie
 * after a correct password, only the challenge; everybody else signs in as before, and a
 * wrong password is answered as before, without the step ever being asked.
 */
@IntegrationTest
@Import(SignInStepTest.Steps.class)
class SignInStepTest {

	private static final String PASSWORD = "correct-horse-battery";

	private static final String NEEDS_STEP = "needs-step-";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	SecondStepForSomeUsers step;

	@Test
	@DisplayName("a correct password for a user with a further step opens no session: the answer names the step and sets only its challenge cookie")
	void loginWhenStepRequiredThenChallengeAndNoSession() {
		String email = NEEDS_STEP + ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		assertThat(client.post("/auth/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(201);

		this.clock.pause();
		Instant now = this.clock.instant();
		Reply login;
		try {
			login = client.post("/auth/login", Map.of("email", email, "password", PASSWORD));
		}
		finally {
			this.clock.resume();
		}

		assertThat(login.status()).isEqualTo(200);
		assertThat(login.json().path("mfa_required").asBoolean()).isTrue();
		assertThat(login.json().path("methods").valueStream().map((method) -> method.asString()))
			.containsExactly("totp", "recovery_code");
		assertThat(Instant.parse(login.json().path("mfa_expires_at").asString()))
			.isEqualTo(now.plus(Duration.ofMinutes(5)));
		assertThat(login.json().has("user")).isFalse();
		assertThat(login.setCookies()).singleElement()
			.satisfies((cookie) -> assertThat(cookie).startsWith("mfa_challenge=challenge-for-")
				.contains("Path=/auth/mfa", "Max-Age=300", "HttpOnly", "Secure", "SameSite=Lax"));
		assertThat(login.header("Cache-Control")).contains("no-store");
		assertThat(client.cookies().value("access_token")).isEmpty();
		assertThat(client.get("/users/me").status()).isEqualTo(401);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from sessions s join users u on u.id = s.user_id where u.email = ?", Integer.class,
				email))
			.isZero();
	}

	@Test
	@DisplayName("a wrong password for a user with a further step is refused as always, and the step is never asked")
	void loginWhenPasswordWrongThenStepNeverAsked() {
		String email = NEEDS_STEP + ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));
		int askedBefore = this.step.asked.get();

		Reply login = client.post("/auth/login", Map.of("email", email, "password", "wrong-" + PASSWORD));

		assertThat(login.status()).isEqualTo(401);
		assertThat(login.code()).isEqualTo("invalid_credentials");
		assertThat(login.setCookies()).isEmpty();
		assertThat(this.step.asked.get()).isEqualTo(askedBefore);
	}

	@Test
	@DisplayName("a user the step lets through signs in as before, with both session cookies and the device cookie")
	void loginWhenNoStepRequiredThenSignedIn() {
		ApiClient client = new ApiClient(this.port);

		Reply login = client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);

		assertThat(login.json().has("mfa_required")).isFalse();
		assertThat(client.cookies().value("access_token")).isPresent();
		assertThat(client.cookies().value("refresh_token")).isPresent();
		assertThat(client.get("/users/me").status()).isEqualTo(200);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Steps {

		@Bean
		SecondStepForSomeUsers secondStepForSomeUsers(MutableClock clock) {
			return new SecondStepForSomeUsers(clock);
		}

	}

	/**
	 * Requires a further step, five minutes long, of users whose email starts with
	 * {@link #NEEDS_STEP}.
	 */
	static class SecondStepForSomeUsers implements SignInStep {

		final AtomicInteger asked = new AtomicInteger();

		private final MutableClock clock;

		SecondStepForSomeUsers(MutableClock clock) {
			this.clock = clock;
		}

		@Override
		public Optional<SignInResult.StepRequired> require(AuthenticatedUser user, SignInFactors factors,
				ClientInfo client) {
			this.asked.incrementAndGet();
			if (!user.user().email().startsWith(NEEDS_STEP)) {
				return Optional.empty();
			}
			return Optional.of(new SignInResult.StepRequired(List.of("totp", "recovery_code"),
					"challenge-for-" + user.user().id(), this.clock.instant().plus(Duration.ofMinutes(5))));
		}

	}

}
