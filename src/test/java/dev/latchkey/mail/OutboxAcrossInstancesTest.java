package dev.latchkey.mail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.Closing;
import dev.latchkey.support.RunningInstance;
import dev.latchkey.support.TestDatabase;
import dev.latchkey.support.TestMailServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole instances, each on a database of its own so that no other test application drains
 * its outbox: two instances send each mail once, and an instance without SMTP_HOST keeps
 * its mails until one with SMTP_HOST sends them.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxAcrossInstancesTest {

	private static final String PASSWORD = "outbox-password-1";

	@Test
	@DisplayName("two instances on one database, both sending: each registration's mail arrives exactly once")
	void twoInstancesSendEachMailOnce() throws Exception {
		String database = TestDatabase.ofItsOwn("outbox_two_instances");
		try (TestMailServer smtp = TestMailServer.ofItsOwn()) {
			Map<String, String> settings = new HashMap<>(smtp.settings());
			settings.put("DATABASE_URL", database);
			// Both poll all the time, so they compete for every mail, not only their own.
			settings.put("MAIL_POLL_INTERVAL", "PT0.02S");
			RunningInstance first = RunningInstance.start(settings);
			RunningInstance second = RunningInstance.start(settings);
			List<String> addresses = new ArrayList<>();
			try {
				for (int i = 0; i < 12; i++) {
					String email = ApiClient.uniqueEmail();
					RunningInstance through = (i % 2 == 0) ? first : second;
					assertThat(through.client()
						.post("/auth/register", Map.of("email", email, "password", PASSWORD))
						.status()).isEqualTo(201);
					addresses.add(email);
				}
				for (String email : addresses) {
					smtp.awaitMailsTo(email, 1);
				}
			}
			finally {
				// Both stopped: a send in flight has ended, and no other can begin.
				Closing.all(first, second);
			}
			for (String email : addresses) {
				assertThat(smtp.mailsTo(email)).as(email).hasSize(1);
			}
		}
	}

	@Test
	@DisplayName("with DATABASE_URL and no SMTP_HOST: one warning, no mailbox page, and the mail waits for an instance that has SMTP")
	void withoutSmtpMailsWaitInTheOutbox(CapturedOutput output) throws Exception {
		String database = TestDatabase.ofItsOwn("outbox_without_smtp");
		String email = ApiClient.uniqueEmail();
		try (RunningInstance withoutSmtp = RunningInstance.start(Map.of("DATABASE_URL", database))) {
			ApiClient client = withoutSmtp.client();
			assertThat(client.post("/auth/register", Map.of("email", email, "password", PASSWORD)).status())
				.isEqualTo(201);
			assertThat(client.get("/dev/mailbox").status()).as("the mailbox page is for zero-setup mode only")
				.isEqualTo(404);
		}
		assertThat(output).contains("SMTP_HOST is not set, so mails are not sent");
		assertThat(output).doesNotContain(email);

		try (TestMailServer smtp = TestMailServer.ofItsOwn()) {
			Map<String, String> settings = new HashMap<>(smtp.settings());
			settings.put("DATABASE_URL", database);
			try (RunningInstance withSmtp = RunningInstance.start(settings)) {
				assertThat(TestMailServer.linkToken(TestMailServer.text(smtp.awaitMailsTo(email, 1).getFirst())))
					.as("the verification link, queued before SMTP was configured")
					.isPresent();
			}
		}
	}

}
