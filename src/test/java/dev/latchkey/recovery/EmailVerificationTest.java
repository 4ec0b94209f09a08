package dev.latchkey.recovery;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TestMailServer;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** A new user proves their address from the link in the mail that registration sends. */
@IntegrationTest
class EmailVerificationTest {

	private static final TestMailServer mailbox = TestMailServer.shared();

	private static final String PASSWORD = "verify-password-1";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Test
	@DisplayName("registration mails a link; posting its token verifies the address, once")
	void verifyWhenRegistrationLinkPostedThenAddressVerifiedOnce() {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		Reply registered = client.post("/auth/register", Map.of("email", email, "password", PASSWORD));
		String token = mailbox.awaitToken(email, "verify", 1);

		Reply verified = client.post("/auth/verify", Map.of("token", token));
		Reply again = client.post("/auth/verify", Map.of("token", token));

		assertThat(registered.json().path("is_verified").asBoolean()).isFalse();
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().path("email").asString()).isEqualTo(email);
		assertThat(verified.json().path("is_verified").asBoolean()).isTrue();
		assertProblem(again, 400, "verify_token_invalid");
		client.post("/auth/login", Map.of("email", email, "password", PASSWORD));
		assertThat(client.get("/users/me").json().path("is_verified").asBoolean()).isTrue();
	}

	@Test
	@DisplayName("a new link can be asked for; an unknown or verified address gets the same answer and no mail")
	void requestVerifyTokenWhenAskedThenOnlyAnUnverifiedAccountIsMailed() {
		String unverified = ApiClient.uniqueEmail();
		String verified = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.post("/auth/register", Map.of("email", unverified, "password", PASSWORD));
		client.post("/auth/register", Map.of("email", verified, "password", PASSWORD));
		client.post("/auth/verify", Map.of("token", mailbox.awaitToken(verified, "verify", 1)));
		mailbox.awaitToken(unverified, "verify", 1);
		String unknown = ApiClient.uniqueEmail();

		Reply forUnknown = client.post("/auth/request-verify-token", Map.of("email", unknown));
		Reply forVerified = client.post("/auth/request-verify-token", Map.of("email", verified));
		Reply forUnverified = client.post("/auth/request-verify-token", Map.of("email", unverified));
		// Handled in order on one thread: once this mail is here, the others were
		// handled.
		String second = mailbox.awaitToken(unverified, "verify", 2);

		assertThat(forUnknown.status()).isEqualTo(forVerified.status())
			.isEqualTo(forUnverified.status())
			.isEqualTo(202);
		assertThat(forUnknown.body()).isEqualTo(forVerified.body()).isEqualTo(forUnverified.body());
		assertThat(mailbox.mailsTo(unknown)).isEmpty();
		assertThat(mailbox.linksTo(verified, "verify")).hasSize(1);
		assertThat(client.post("/auth/verify", Map.of("token", second)).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("a verification token is refused as expired after VERIFY_TOKEN_EXPIRE_HOURS")
	void verifyWhenTokenOlderThanItsLifetimeThenRefusedAsExpired() {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));
		String token = mailbox.awaitToken(email, "verify", 1);

		this.clock.advance(Duration.ofHours(24).plusMinutes(1));

		assertProblem(client.post("/auth/verify", Map.of("token", token)), 400, "verify_token_expired");
		assertProblem(client.post("/auth/verify", Map.of("token", token)), 400, "verify_token_invalid");
	}

	@Test
	@DisplayName("a reset token is not a verification token, nor the other way round")
	void verifyWhenGivenAResetTokenThenRefused() {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));
		String verifyToken = mailbox.awaitToken(email, "verify", 1);
		client.post("/auth/forgot-password", Map.of("email", email));
		String resetToken = mailbox.awaitToken(email, "reset-password", 1);

		assertProblem(client.post("/auth/verify", Map.of("token", resetToken)), 400, "verify_token_invalid");
		assertProblem(client.post("/auth/reset-password", Map.of("token", verifyToken, "password", "other-password-2")),
				400, "reset_token_invalid");
		assertThat(client.post("/auth/verify", Map.of("token", verifyToken)).status()).isEqualTo(200);
	}

}
