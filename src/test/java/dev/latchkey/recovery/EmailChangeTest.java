package dev.latchkey.recovery;

import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.TestMailServer;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed-in user moves the account to a new address, which must prove itself first; and
 * an attacker with the access cookie but not the password, or with the old mailbox, tries
 * to take the account or keep a way into it.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class EmailChangeTest {

	private static final TestMailServer mailbox = TestMailServer.shared();

	private static final String PASSWORD = "email-change-password-1";

	@LocalServerPort
	int port;

	@Test
	@DisplayName("the new address confirms with its link, the old one is told twice, and only the new one signs in")
	void changeWhenNewAddressConfirmsThenTheAccountMoves(CapturedOutput output) {
		String oldEmail = ApiClient.uniqueEmail();
		String newEmail = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(oldEmail, PASSWORD);

		Reply asked = client.post("/users/me/email", Map.of("new_email", newEmail, "password", PASSWORD));
		String token = mailbox.awaitToken(newEmail, "verify", 1);

		assertThat(asked.status()).isEqualTo(202);
		assertThat(asked.json().path("message").asString()).isEqualTo(EmailChangeController.CHANGE_REQUESTED);
		MimeMessage requested = mailbox.awaitMailsTo(oldEmail, 2).getLast();
		assertThat(TestMailServer.subject(requested)).contains("asked to change the email address");
		assertThat(TestMailServer.text(requested)).contains(newEmail);
		assertThat(TestMailServer.linkToken(TestMailServer.text(requested))).as("no link to the old address").isEmpty();
		assertThat(client.get("/users/me").json().path("email").asString()).as("nothing changes before the link")
			.isEqualTo(oldEmail);
		assertThat(login(oldEmail).status()).isEqualTo(200);

		Reply verified = new ApiClient(this.port).post("/auth/verify", Map.of("token", token));

		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().path("email").asString()).isEqualTo(newEmail);
		assertThat(verified.json().path("is_verified").asBoolean()).isTrue();
		assertThat(client.get("/users/me").json().path("email").asString()).as("the session stays, with the new email")
			.isEqualTo(newEmail);
		assertProblem(login(oldEmail), 401, "invalid_credentials");
		assertThat(login(newEmail).status()).isEqualTo(200);
		MimeMessage changed = mailbox.awaitMailsTo(oldEmail, 3).getLast();
		assertThat(TestMailServer.subject(changed)).contains("was changed");
		assertThat(TestMailServer.text(changed)).contains(newEmail);
		assertProblem(new ApiClient(this.port).post("/auth/verify", Map.of("token", token)), 400,
				"verify_token_invalid");

		assertThat(output).contains("event=email_change_requested").contains("event=email_changed");
		assertThat(output).doesNotContain(oldEmail).doesNotContain(newEmail).doesNotContain(token);
	}

	@Test
	@DisplayName("the access cookie without the password moves nothing, mails nothing and tells nothing of other accounts")
	void changeWhenPasswordWrongThenRefusedBeforeAnythingElse() {
		String email = ApiClient.uniqueEmail();
		String taken = ApiClient.uniqueEmail();
		String free = ApiClient.uniqueEmail();
		register(taken);
		ApiClient thief = new ApiClient(this.port);
		thief.registerAndLogin(email, PASSWORD);

		Reply toTaken = thief.post("/users/me/email", Map.of("new_email", taken, "password", "guess-1234"));
		Reply toFree = thief.post("/users/me/email", Map.of("new_email", free, "password", "guess-1234"));

		assertProblem(toTaken, 403, "invalid_password");
		assertProblem(toFree, 403, "invalid_password");
		assertThat(toTaken.body()).isEqualTo(toFree.body());
		// Nothing was queued: the refusal came before any transaction.
		assertThat(mailbox.mailsTo(free)).isEmpty();
		assertThat(thief.get("/users/me").json().path("email").asString()).isEqualTo(email);
	}

	@Test
	@DisplayName("an address another account has, or the account's own, is refused as taken")
	void changeWhenAddressTakenThenConflict() {
		String email = ApiClient.uniqueEmail();
		String taken = ApiClient.uniqueEmail();
		register(taken);
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(email, PASSWORD);

		assertProblem(client.post("/users/me/email", Map.of("new_email", taken.toUpperCase(), "password", PASSWORD)),
				409, "email_taken");
		assertProblem(client.post("/users/me/email", Map.of("new_email", email, "password", PASSWORD)), 409,
				"email_taken");
		assertProblem(client.post("/users/me/email", Map.of("new_email", "not-an-address", "password", PASSWORD)), 422,
				"validation_failed");
	}

	@Test
	@DisplayName("an address registered by someone else before the link is opened is refused then, and the account keeps its own")
	void verifyWhenAddressTakenMeanwhileThenConflictAndNothingMoves() {
		String email = ApiClient.uniqueEmail();
		String wanted = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(email, PASSWORD);
		client.post("/users/me/email", Map.of("new_email", wanted, "password", PASSWORD));
		String token = mailbox.awaitToken(wanted, "verify", 1);

		register(wanted);
		Reply verified = new ApiClient(this.port).post("/auth/verify", Map.of("token", token));

		assertProblem(verified, 409, "email_taken");
		assertThat(client.get("/users/me").json().path("email").asString()).isEqualTo(email);
		assertThat(login(email).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("a second request ends the first one's link")
	void changeWhenAskedAgainThenTheEarlierLinkIsRefused() {
		String email = ApiClient.uniqueEmail();
		String first = ApiClient.uniqueEmail();
		String second = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(email, PASSWORD);

		client.post("/users/me/email", Map.of("new_email", first, "password", PASSWORD));
		String firstToken = mailbox.awaitToken(first, "verify", 1);
		client.post("/users/me/email", Map.of("new_email", second, "password", PASSWORD));
		String secondToken = mailbox.awaitToken(second, "verify", 1);

		assertProblem(new ApiClient(this.port).post("/auth/verify", Map.of("token", firstToken)), 400,
				"verify_token_invalid");
		assertThat(new ApiClient(this.port).post("/auth/verify", Map.of("token", secondToken))
			.json()
			.path("email")
			.asString()).isEqualTo(second);
	}

	@Test
	@DisplayName("a reset link mailed to the old address stops working once the account has moved")
	void resetWhenLinkWentToTheOldAddressThenRefusedAfterTheMove() {
		String oldEmail = ApiClient.uniqueEmail();
		String newEmail = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(oldEmail, PASSWORD);
		new ApiClient(this.port).post("/auth/forgot-password", Map.of("email", oldEmail));
		String resetToken = mailbox.awaitToken(oldEmail, "reset-password", 1);

		client.post("/users/me/email", Map.of("new_email", newEmail, "password", PASSWORD));
		new ApiClient(this.port).post("/auth/verify", Map.of("token", mailbox.awaitToken(newEmail, "verify", 1)));

		assertProblem(new ApiClient(this.port).post("/auth/reset-password",
				Map.of("token", resetToken, "password", "taken-over-password-1")), 400, "reset_token_invalid");
		assertThat(login(newEmail).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("without the access cookie there is nothing to change")
	void changeWhenSignedOutThenUnauthenticated() {
		assertProblem(new ApiClient(this.port).post("/users/me/email",
				Map.of("new_email", ApiClient.uniqueEmail(), "password", PASSWORD)), 401, "not_authenticated");
	}

	private void register(String email) {
		assertThat(
				new ApiClient(this.port).post("/auth/register", Map.of("email", email, "password", PASSWORD)).status())
			.isEqualTo(201);
	}

	private Reply login(String email) {
		return new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", PASSWORD));
	}

}
