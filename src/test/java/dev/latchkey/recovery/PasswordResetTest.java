package dev.latchkey.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TestMailServer;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A forgetful user resets their password from the link in a real mail, over real HTTP;
 * and an attacker tries to learn which addresses have accounts, replay or race a token,
 * or use one that should be dead.
 */
@IntegrationTest
class PasswordResetTest {

	private static final TestMailServer mailbox = TestMailServer.shared();

	private static final String PASSWORD = "original-password-1";

	private static final String NEW_PASSWORD = "brand-new-password-2";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MailRequests mailRequests;

	@Test
	@DisplayName("the reset link in the mail sets a new password, ends every session and proves the address")
	void resetWhenLinkFollowedThenPasswordReplacedAndEverySessionEnded() {
		String email = ApiClient.uniqueEmail();
		ApiClient laptop = new ApiClient(this.port);
		laptop.registerAndLogin(email, PASSWORD);
		ApiClient phone = signedIn(email, PASSWORD);

		Reply asked = new ApiClient(this.port).post("/auth/forgot-password", Map.of("email", email));
		String token = mailbox.awaitToken(email, "reset-password", 1);
		MimeMessage mail = mailbox.linksTo(email, "reset-password").getFirst();
		Reply reset = new ApiClient(this.port).post("/auth/reset-password",
				Map.of("token", token, "password", NEW_PASSWORD));

		assertThat(asked.status()).isEqualTo(202);
		assertThat(TestMailServer.subject(mail)).containsIgnoringCase("reset");
		assertThat(reset.status()).isEqualTo(200);
		assertThat(reset.json().path("revoked_sessions").asInt()).isEqualTo(2);
		assertProblem(laptop.get("/users/me"), 401, "access_token_invalid");
		assertProblem(phone.get("/users/me"), 401, "access_token_invalid");
		assertThat(login(email, PASSWORD).status()).isEqualTo(401);
		Reply signedIn = login(email, NEW_PASSWORD);
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(signedIn.json().path("user").path("is_verified").asBoolean()).isTrue();
	}

	@Test
	@DisplayName("a reset token works once: the same link again is refused")
	void resetWhenTokenReplayedThenRefused() {
		String email = registered();
		String token = requestResetToken(email, 1);
		ApiClient client = new ApiClient(this.port);

		assertThat(client.post("/auth/reset-password", Map.of("token", token, "password", NEW_PASSWORD)).status())
			.isEqualTo(200);
		assertProblem(client.post("/auth/reset-password", Map.of("token", token, "password", "third-password-3")), 400,
				"reset_token_invalid");
		assertThat(login(email, NEW_PASSWORD).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("of twenty requests racing with one token exactly one sets its password")
	void resetWhenTwentyRequestsRaceWithOneTokenThenExactlyOneWins() throws Exception {
		String email = registered();
		String token = requestResetToken(email, 1);
		int racers = 20;
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Reply>> replies = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(racers)) {
			for (int i = 0; i < racers; i++) {
				String password = "racing-password-" + i;
				replies.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return new ApiClient(this.port).post("/auth/reset-password",
							Map.of("token", token, "password", password));
				}, threads));
			}
			start.countDown();
		}
		List<Reply> answers = replies.stream().map(CompletableFuture::join).toList();

		List<Reply> won = answers.stream().filter((reply) -> reply.status() == 200).toList();
		assertThat(won).hasSize(1);
		assertThat(answers).filteredOn((reply) -> reply.status() != 200)
			.allSatisfy((reply) -> assertProblem(reply, 400, "reset_token_invalid"));
	}

	@Test
	@DisplayName("a reset token is refused as expired after RESET_TOKEN_EXPIRE_MINUTES")
	void resetWhenTokenOlderThanItsLifetimeThenRefusedAsExpired() {
		String email = registered();
		String token = requestResetToken(email, 1);

		this.clock.advance(Duration.ofMinutes(61));
		Reply reset = new ApiClient(this.port).post("/auth/reset-password",
				Map.of("token", token, "password", NEW_PASSWORD));

		assertProblem(reset, 400, "reset_token_expired");
		assertThat(login(email, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("asking again ends the earlier link; only the newest one works")
	void resetWhenANewLinkWasAskedForThenTheEarlierOneIsRefused() {
		String email = registered();
		String first = requestResetToken(email, 1);
		String second = requestResetToken(email, 2);
		ApiClient client = new ApiClient(this.port);

		assertProblem(client.post("/auth/reset-password", Map.of("token", first, "password", NEW_PASSWORD)), 400,
				"reset_token_invalid");
		assertThat(client.post("/auth/reset-password", Map.of("token", second, "password", NEW_PASSWORD)).status())
			.isEqualTo(200);
	}

	@Test
	@DisplayName("a password change ends outstanding reset links and tells the address")
	void resetWhenPasswordWasChangedSinceThenRefusedAndTheOwnerIsTold() {
		String email = ApiClient.uniqueEmail();
		ApiClient owner = new ApiClient(this.port);
		owner.registerAndLogin(email, PASSWORD);
		String token = requestResetToken(email, 1);

		Reply changed = owner.post("/users/me/password",
				Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD));
		MimeMessage notice = mailbox.awaitMailsTo(email, 3).getLast();

		assertThat(changed.status()).isEqualTo(200);
		assertThat(TestMailServer.subject(notice)).containsIgnoringCase("password");
		assertThat(TestMailServer.linkToken(TestMailServer.text(notice))).isEmpty();
		assertProblem(new ApiClient(this.port).post("/auth/reset-password",
				Map.of("token", token, "password", "attacker-password-9")), 400, "reset_token_invalid");
		assertThat(login(email, NEW_PASSWORD).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("an unknown address gets the same answer and no mail")
	void forgotPasswordWhenAddressUnknownThenSameAnswerAndNoMail() {
		String unknown = ApiClient.uniqueEmail();
		String known = registered();
		ApiClient client = new ApiClient(this.port);

		Reply forUnknown = client.post("/auth/forgot-password", Map.of("email", unknown));
		Reply forKnown = client.post("/auth/forgot-password", Map.of("email", known));
		// Requests are handled in order on one thread: once the known address's mail is
		// here, the unknown address's request has been handled too.
		mailbox.awaitToken(known, "reset-password", 1);

		assertThat(forUnknown.status()).isEqualTo(forKnown.status()).isEqualTo(202);
		assertThat(forUnknown.body()).isEqualTo(forKnown.body());
		assertThat(forUnknown.headers().keySet()).isEqualTo(forKnown.headers().keySet());
		assertThat(mailbox.mailsTo(unknown)).isEmpty();
	}

	@Test
	@DisplayName("both answers are given before the address is even looked up, so their time cannot tell them apart")
	void forgotPasswordWhenLookupIsHeldThenKnownAndUnknownAreAnsweredAlike() {
		String unknown = ApiClient.uniqueEmail();
		String known = registered();
		ApiClient client = new ApiClient(this.port);
		CountDownLatch held = new CountDownLatch(1);
		this.mailRequests.submit(() -> awaitQuietly(held));

		Reply forUnknown;
		Reply forKnown;
		try {
			forUnknown = client.post("/auth/forgot-password", Map.of("email", unknown));
			forKnown = client.post("/auth/forgot-password", Map.of("email", known));
			// The one thread that looks addresses up is still held: neither answer
			// waited for a lookup, a token or a mail.
			assertThat(mailbox.linksTo(known, "reset-password")).isEmpty();
		}
		finally {
			held.countDown();
		}

		assertThat(forUnknown.status()).isEqualTo(forKnown.status()).isEqualTo(202);
		assertThat(forUnknown.body()).isEqualTo(forKnown.body());
		assertThat(mailbox.awaitToken(known, "reset-password", 1)).isNotBlank();
	}

	@Test
	@DisplayName("a link mailed before the account was deleted resets nothing, and the address can register anew")
	void resetWhenAccountDeletedSinceThenRefused() {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(email, PASSWORD);
		String token = requestResetToken(email, 1);

		assertThat(client
			.send("DELETE", "/users/me", Map.of("Content-Type", "application/json"),
					"{\"password\": \"" + PASSWORD + "\"}")
			.status()).isEqualTo(204);
		assertThat(
				new ApiClient(this.port).post("/auth/register", Map.of("email", email, "password", PASSWORD)).status())
			.isEqualTo(201);

		assertProblem(
				new ApiClient(this.port).post("/auth/reset-password", Map.of("token", token, "password", NEW_PASSWORD)),
				400, "reset_token_invalid");
		assertThat(login(email, PASSWORD).status()).as("the new account keeps its own password").isEqualTo(200);
	}

	@Test
	@DisplayName("a disabled account is sent no reset link")
	void forgotPasswordWhenAccountDisabledThenNoLink() {
		String disabled = registered();
		this.jdbc.update("update users set is_active = false where email = ?", disabled);
		String control = registered();
		ApiClient client = new ApiClient(this.port);

		client.post("/auth/forgot-password", Map.of("email", disabled));
		client.post("/auth/forgot-password", Map.of("email", control));
		mailbox.awaitToken(control, "reset-password", 1);

		assertThat(mailbox.linksTo(disabled, "reset-password")).isEmpty();
	}

	@Test
	@DisplayName("the database keeps only a digest of a reset token, never the token")
	void resetTokenWhenStoredThenOnlyItsDigestIsKept() {
		String email = registered();
		String token = requestResetToken(email, 1);

		byte[] raw = java.util.Base64.getUrlDecoder().decode(token);
		Integer stored = this.jdbc.queryForObject("select count(*) from one_time_tokens where digest = ?",
				Integer.class, (Object) raw);
		Integer rows = this.jdbc
			.queryForObject("select count(*) from one_time_tokens t join users u on u.id = t.user_id "
					+ "where u.email = ? and t.purpose = 'reset_password'", Integer.class, email);
		assertThat(stored).isZero();
		assertThat(rows).isOne();
	}

	@Test
	@DisplayName("a token that was never issued, or is malformed, is refused the same way")
	void resetWhenTokenWasNeverIssuedThenRefused() {
		ApiClient client = new ApiClient(this.port);

		assertProblem(client.post("/auth/reset-password", Map.of("token", "A".repeat(44), "password", NEW_PASSWORD)),
				400, "reset_token_invalid");
		assertProblem(client.post("/auth/reset-password", Map.of("token", "not a token", "password", NEW_PASSWORD)),
				400, "reset_token_invalid");
	}

	private String registered() {
		String email = ApiClient.uniqueEmail();
		Reply registered = new ApiClient(this.port).post("/auth/register",
				Map.of("email", email, "password", PASSWORD));
		assertThat(registered.status()).isEqualTo(201);
		return email;
	}

	/** Asks for a reset link and answers the token of the {@code nth} reset mail. */
	private String requestResetToken(String email, int nth) {
		assertThat(new ApiClient(this.port).post("/auth/forgot-password", Map.of("email", email)).status())
			.isEqualTo(202);
		return mailbox.awaitToken(email, "reset-password", nth);
	}

	private ApiClient signedIn(String email, String password) {
		ApiClient client = new ApiClient(this.port);
		assertThat(client.post("/auth/login", Map.of("email", email, "password", password)).status()).isEqualTo(200);
		return client;
	}

	private Reply login(String email, String password) {
		return new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", password));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
