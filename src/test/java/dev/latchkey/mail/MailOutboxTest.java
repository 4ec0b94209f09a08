package dev.latchkey.mail;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TestDatabase;
import dev.latchkey.support.TestMailServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The outbox through the application's own beans, on the real test PostgreSQL, delivering
 * to a real SMTP server: a mail goes out after its transaction commits and never after a
 * rollback, sits encrypted until it is sent, survives an SMTP server that is down, is
 * sent once, and is given up after MAIL_GIVE_UP_AFTER. Polling is set to an hour, so
 * mails move only when a test drains the outbox or a commit wakes the sender.
 */
@IntegrationTest
@TestPropertySource(properties = { "MAIL_FROM=Latchkey Tests <accounts@latchkey.test>", "MAIL_POLL_INTERVAL=PT1H" })
@RecordApplicationEvents
@ExtendWith(OutputCaptureExtension.class)
class MailOutboxTest {

	private static final TestMailServer smtp = TestMailServer.ofItsOwn();

	@Autowired
	Mailer mailer;

	@Autowired
	OutboxSender sender;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ApplicationEvents events;

	/**
	 * A database of its own too: every other test application drains the shared one's
	 * outbox, and would send these mails elsewhere.
	 */
	@DynamicPropertySource
	static void smtpServerAndDatabase(DynamicPropertyRegistry registry) {
		smtp.settings().forEach((name, value) -> registry.add(name, () -> value));
		String database = TestDatabase.ofItsOwn("mail_outbox_test");
		registry.add("DATABASE_URL", () -> database);
	}

	@AfterAll
	static void stopSmtp() {
		smtp.close();
	}

	/** The server is up, and no mail of an earlier test is still due. */
	@BeforeEach
	void flushTheOutbox() {
		smtp.up();
		this.sender.drain();
	}

	@Test
	@DisplayName("a mail queued in a committed transaction arrives with its rendered subject, text and HTML, from MAIL_FROM")
	void committedMailArrivesRendered(CapturedOutput output) throws Exception {
		String to = ApiClient.uniqueEmail();
		String link = "https://app.example.com/reset?token=committed-" + UUID.randomUUID() + "&step=1";
		double queued = counter("latchkey.mails.queued");
		double sent = counter("latchkey.mails.sent");

		UUID id = queue(to, "reset-password", Map.of("link", link));
		this.sender.drain();

		List<MimeMessage> received = smtp.mailsTo(to);
		assertThat(received).hasSize(1);
		MimeMessage message = received.get(0);
		assertThat(message.getSubject()).isEqualTo("Reset your Latchkey password");
		assertThat(message.getFrom()).extracting(Object::toString)
			.containsExactly("Latchkey Tests <accounts@latchkey.test>");
		assertThat(message.getMessageID()).isEqualTo("<" + id + "@latchkey.test>");
		assertThat(message.getContentType()).startsWith("multipart/alternative");
		MimeMultipart parts = (MimeMultipart) message.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").contains("UTF-8");
		assertThat((String) parts.getBodyPart(0).getContent()).startsWith("Hello from Latchkey,").contains(link);
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").contains("UTF-8");
		assertThat((String) parts.getBodyPart(1).getContent())
			.contains("<a href=\"" + link.replace("&", "&amp;") + "\">")
			.doesNotContain(link);
		assertThat(counter("latchkey.mails.queued")).isEqualTo(queued + 1);
		assertThat(counter("latchkey.mails.sent")).isEqualTo(sent + 1);

		assertThat(output).contains("event=mail_queued mail_id=" + id + " template=reset-password")
			.contains("event=mail_sent mail_id=" + id + " attempts=1");
		assertThat(output).doesNotContain(to).doesNotContain(link).doesNotContain("Reset your Latchkey password");
	}

	@Test
	@DisplayName("a mail queued in a transaction that rolls back is never sent, nor counted")
	void rolledBackMailIsNeverSent() {
		String to = ApiClient.uniqueEmail();
		double queued = counter("latchkey.mails.queued");

		this.transaction.executeWithoutResult((status) -> {
			this.mailer.send(to, "password-changed", Map.of());
			status.setRollbackOnly();
		});
		UUID id = lastQueued();
		this.sender.drain();

		assertThat(smtp.mailsTo(to)).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from mail_outbox where id = ?").param(id).query(Long.class).single())
			.isZero();
		assertThat(counter("latchkey.mails.queued")).isEqualTo(queued);
	}

	@Test
	@DisplayName("send() outside a transaction is refused")
	void sendOutsideATransactionIsRefused() {
		String to = ApiClient.uniqueEmail();

		assertThatExceptionOfType(IllegalTransactionStateException.class)
			.isThrownBy(() -> this.mailer.send(to, "password-changed", Map.of()));
		this.sender.drain();
		assertThat(smtp.mailsTo(to)).isEmpty();
	}

	@Test
	@DisplayName("send() with a missing value fails in the caller's transaction and queues nothing")
	void sendWithAMissingValueFailsAndQueuesNothing() {
		String to = ApiClient.uniqueEmail();
		long before = rows();

		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.transaction
				.executeWithoutResult((status) -> this.mailer.send(to, "email-change-confirm", Map.of("link", "x"))))
			.withMessageContaining("{{new_email}}");
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	@DisplayName("the payload in the database holds neither the link, the subject nor the recipient, and is gone once sent")
	void payloadIsEncryptedAndRemovedOnceSent() {
		String to = ApiClient.uniqueEmail();
		String token = "token-" + UUID.randomUUID();
		String link = "https://app.example.com/verify?token=" + token;

		byte[] stored = this.transaction.execute((status) -> {
			this.mailer.send(to, "verify-email", Map.of("link", link));
			// Read in the transaction that wrote it, before any sender can see it.
			return this.jdbc.sql("select payload from mail_outbox where id = ?")
				.param(lastQueued())
				.query(byte[].class)
				.single();
		});
		UUID id = lastQueued();

		assertThat(stored).isNotEmpty();
		for (String clear : List.of(to, token, link, "Confirm your email address", "Latchkey")) {
			assertThat(new String(stored, StandardCharsets.UTF_8)).as(clear).doesNotContain(clear);
			assertThat(new String(stored, StandardCharsets.UTF_16BE)).as(clear).doesNotContain(clear);
		}

		this.sender.drain();

		assertThat(smtp.mailsTo(to)).hasSize(1);
		Row row = row(id);
		assertThat(row.payload()).isNull();
		assertThat(row.sentAt()).isNotNull();
	}

	@Test
	@DisplayName("with SMTP hung the commit returns, the attempt fails with a backoff, and once SMTP is back the mail arrives exactly once")
	void smtpDownThenBackoffThenDeliveredExactlyOnce(CapturedOutput output) throws IOException {
		String to = ApiClient.uniqueEmail();
		double depth = depth();
		UUID id;
		try (TestMailServer.Hung hung = smtp.hang()) {
			id = queue(to, "password-changed", Map.of());

			// The commit has returned, and only now does the sender's own thread
			// reach the server, which keeps it waiting: this thread never touched SMTP.
			Socket sendersConnection = hung.awaitConnection(Duration.ofSeconds(30));
			assertThat(sendersConnection.isConnected()).isTrue();
			Row claimed = row(id);
			assertThat(claimed.attempts()).isEqualTo(1);
			assertThat(claimed.claimedUntil()).isNotNull();
			assertThat(claimed.lastError()).isNull();
			assertThat(claimed.sentAt()).isNull();
			assertThat(depth()).isEqualTo(depth + 1);
		}
		// The server hung up; this drain waits for the sender's to end.
		this.sender.drain();

		Row failed = row(id);
		Instant now = this.clock.instant();
		assertThat(failed.sentAt()).isNull();
		assertThat(failed.claimedUntil()).isNull();
		assertThat(failed.attempts()).isEqualTo(1);
		assertThat(failed.lastError()).isNotBlank().doesNotContain("@").doesNotContain(" ");
		assertThat(failed.nextAttemptAt()).isAfter(now).isBeforeOrEqualTo(now.plus(OutboxSender.FIRST_RETRY));
		assertThat(output)
			.contains("event=mail_attempt_failed mail_id=" + id + " attempts=1 error=" + failed.lastError());

		smtp.up();
		this.sender.drain();
		assertThat(smtp.mailsTo(to)).as("not before its backoff has passed").isEmpty();

		this.clock.advance(OutboxSender.FIRST_RETRY.plusSeconds(1));
		this.sender.drain();
		this.clock.advance(Duration.ofHours(2));
		this.sender.drain();

		assertThat(smtp.mailsTo(to)).hasSize(1);
		Row sent = row(id);
		assertThat(sent.attempts()).isEqualTo(2);
		assertThat(sent.sentAt()).isNotNull();
		assertThat(sent.payload()).isNull();
		assertThat(depth()).isEqualTo(depth);
	}

	@Test
	@DisplayName("a mail that keeps failing past MAIL_GIVE_UP_AFTER is given up, counted as failed, and never tried again")
	void keptFailingThenGivenUp(CapturedOutput output) {
		String to = ApiClient.uniqueEmail();
		double failedBefore = counter("latchkey.mails.failed");
		smtp.down();
		UUID id = queue(to, "verify-email", Map.of("link", "https://app.example.com/verify?token=never"));
		Instant queuedAt = this.clock.instant();

		this.sender.drain();
		for (int hour = 0; hour < 30 && row(id).givenUpAt() == null; hour++) {
			this.clock.advance(Duration.ofHours(1));
			this.sender.drain();
		}

		Row givenUp = row(id);
		assertThat(givenUp.givenUpAt()).isNotNull();
		assertThat(givenUp.givenUpAt()).isAfterOrEqualTo(queuedAt.plus(Duration.ofHours(24)))
			.isBefore(queuedAt.plus(Duration.ofHours(26)));
		assertThat(givenUp.payload()).isNull();
		assertThat(givenUp.sentAt()).isNull();
		assertThat(givenUp.lastError()).isEqualTo("ConnectException");
		// 30 s, 1, 2, 4, 8, 16 and 32 min, then hourly: 26 attempts in the first 24 hours
		// the test clock moves through.
		assertThat(givenUp.attempts()).isBetween(24, 28);
		assertThat(counter("latchkey.mails.failed")).isEqualTo(failedBefore + 1);
		assertThat(output).contains("event=mail_given_up mail_id=" + id);

		smtp.up();
		this.clock.advance(Duration.ofHours(3));
		this.sender.drain();

		assertThat(row(id).attempts()).isEqualTo(givenUp.attempts());
		assertThat(smtp.mailsTo(to)).isEmpty();
		assertThat(counter("latchkey.mails.failed")).isEqualTo(failedBefore + 1);
	}

	@Test
	@DisplayName("the commit of a transaction that queued a mail wakes the sender: it arrives with no drain and no poll")
	void commitWakesTheSender() {
		String to = ApiClient.uniqueEmail();

		queue(to, "email-changed-notice", Map.of("new_email", "new@example.com"));

		assertThat(smtp.awaitMailsTo(to, 1)).hasSize(1);
	}

	private UUID queue(String to, String template, Map<String, String> values) {
		this.transaction.executeWithoutResult((status) -> this.mailer.send(to, template, values));
		return lastQueued();
	}

	private UUID lastQueued() {
		List<MailQueued> queued = this.events.stream(MailQueued.class).toList();
		assertThat(queued).isNotEmpty();
		return queued.get(queued.size() - 1).mailId();
	}

	private long rows() {
		return this.jdbc.sql("select count(*) from mail_outbox").query(Long.class).single();
	}

	private double counter(String name) {
		return this.meters.get(name).counter().count();
	}

	private double depth() {
		return this.meters.get("latchkey.mail.outbox.depth").gauge().value();
	}

	private Row row(UUID id) {
		return this.jdbc.sql("""
				select payload, attempts, next_attempt_at, claimed_until, sent_at, given_up_at, last_error
				  from mail_outbox where id = ?
				""")
			.param(id)
			.query((rs, n) -> new Row(rs.getBytes("payload"), rs.getInt("attempts"),
					instant(rs.getObject("next_attempt_at", OffsetDateTime.class)),
					instant(rs.getObject("claimed_until", OffsetDateTime.class)),
					instant(rs.getObject("sent_at", OffsetDateTime.class)),
					instant(rs.getObject("given_up_at", OffsetDateTime.class)), rs.getString("last_error")))
			.single();
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	record Row(byte[] payload, int attempts, Instant nextAttemptAt, Instant claimedUntil, Instant sentAt,
			Instant givenUpAt, String lastError) {
	}

}
