package dev.latchkey.recovery;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.TestMailServer;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** With REQUIRE_EMAIL_VERIFICATION, only an account that proved its address signs in. */
@IntegrationTest
@TestPropertySource(properties = "REQUIRE_EMAIL_VERIFICATION=true")
class RequiredEmailVerificationTest {

	private static final TestMailServer mailbox = TestMailServer.shared();

	private static final String PASSWORD = "required-password-1";

	@LocalServerPort
	int port;

	@Test
	@DisplayName("an unverified account is refused with email_not_verified, but only after its right password")
	void loginWhenUnverifiedThenRefusedOnlyAfterTheRightPassword() {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));

		Reply wrongPassword = client.post("/auth/login", Map.of("email", email, "password", "wrong-password-9"));
		Reply rightPassword = client.post("/auth/login", Map.of("email", email, "password", PASSWORD));

		assertProblem(wrongPassword, 401, "invalid_credentials");
		assertProblem(rightPassword, 403, "email_not_verified");
		assertThat(rightPassword.setCookies())
			.noneMatch((cookie) -> cookie.startsWith("access_token=") || cookie.startsWith("refresh_token="));
	}

	@Test
	@DisplayName("once the address is verified, login signs in")
	void loginWhenVerifiedThenSignedIn() {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));
		client.post("/auth/verify", Map.of("token", mailbox.awaitToken(email, "verify", 1)));

		Reply login = client.post("/auth/login", Map.of("email", email, "password", PASSWORD));

		assertThat(login.status()).isEqualTo(200);
		assertThat(client.get("/users/me").json().path("is_verified").asBoolean()).isTrue();
	}

	@Test
	@DisplayName("a password reset proves the address too, so the reset user can sign in")
	void loginWhenPasswordWasResetThenSignedIn() {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));
		client.post("/auth/forgot-password", Map.of("email", email));
		String token = mailbox.awaitToken(email, "reset-password", 1);
		client.post("/auth/reset-password", Map.of("token", token, "password", "after-reset-password-2"));

		Reply login = client.post("/auth/login", Map.of("email", email, "password", "after-reset-password-2"));

		assertThat(login.status()).isEqualTo(200);
	}

}
