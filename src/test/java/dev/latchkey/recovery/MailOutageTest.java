package dev.latchkey.recovery;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TestDatabase;
import dev.latchkey.support.TestMailServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A forgetful user asks for a reset link while the SMTP server is hung, then down: the
 * request is answered at once, and the link arrives once SMTP is back. The application
 * has an SMTP server and a database of its own, so that no other test application sends
 * its mails.
 */
@IntegrationTest
@TestPropertySource(properties = "MAIL_POLL_INTERVAL=PT0.1S")
class MailOutageTest {

	private static final TestMailServer smtp = TestMailServer.ofItsOwn();

	private static final String PASSWORD = "outage-password-1";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void smtpServerAndDatabase(DynamicPropertyRegistry registry) {
		smtp.settings().forEach((name, value) -> registry.add(name, () -> value));
		String database = TestDatabase.ofItsOwn("mail_outage_test");
		registry.add("DATABASE_URL", () -> database);
	}

	@AfterAll
	static void stopSmtp() {
		smtp.close();
	}

	@Test
	@DisplayName("forgot-password while SMTP hangs is answered at once; the link arrives once SMTP is back, and works")
	void forgotPasswordWhenSmtpIsOutThenAnsweredAtOnceAndTheLinkArrivesLater() throws IOException {
		String email = ApiClient.uniqueEmail();
		ApiClient client = new ApiClient(this.port);
		assertThat(client.post("/auth/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(201);
		smtp.awaitMailsTo(email, 1);

		Reply asked;
		try (TestMailServer.Hung hung = smtp.hang()) {
			asked = client.post("/auth/forgot-password", Map.of("email", email));
			// The sender is now stuck on a server that never answers, and the answer is
			// already here: it never waited for SMTP.
			Socket stuck = hung.awaitConnection(Duration.ofSeconds(30));
			assertThat(stuck.isConnected()).isTrue();
			assertThat(asked.status()).isEqualTo(202);
		}
		// Hung up on, the attempt fails and the mail waits for its next try, 30 s on.
		awaitAFailedAttempt();
		smtp.up();
		this.clock.advance(Duration.ofMinutes(10));

		String token = smtp.awaitToken(email, "reset-password", 1);
		Reply reset = client.post("/auth/reset-password", Map.of("token", token, "password", "after-outage-2"));
		assertThat(reset.status()).isEqualTo(200);
		assertThat(smtp.linksTo(email, "reset-password")).as("sent once").hasSize(1);
	}

	/**
	 * Waits until the sender has recorded the failed attempt (this database is ours): a
	 * pending mail has failed, and none is left untried. Not just "a mail has failed":
	 * the registration mail's attempt can fail too when the server is hung while its
	 * answer is on the way, and moving the clock before the reset mail's failure is
	 * recorded would put that mail's next try out of reach.
	 */
	private void awaitAFailedAttempt() {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!this.jdbc.sql("""
				select count(*) filter (where last_error is not null) > 0
				   and count(*) filter (where last_error is null) = 0
				from mail_outbox where sent_at is null""").query(Boolean.class).single()) {
			assertThat(System.nanoTime()).as("a failed attempt recorded within 30 s").isLessThan(deadline);
		}
	}

}
