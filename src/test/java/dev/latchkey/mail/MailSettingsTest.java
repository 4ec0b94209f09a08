package dev.latchkey.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail settings from application.yml's defaults, and the refusals of bad ones: each
 * stops startup with an {@link InvalidConfiguration} whose one sentence names the
 * environment variable to fix.
 */
class MailSettingsTest {

	@Test
	void defaultsSendNothingOverSmtpAndRequireStarttlsOnPort587() {
		MailSettings settings = TestSettings.defaults().bind(MailSettings.class);

		assertThat(settings.smtpConfigured()).isFalse();
		assertThat(settings.smtpPort()).isEqualTo(587);
		assertThat(settings.security()).isEqualTo(MailSettings.Security.STARTTLS);
		assertThat(settings.pollInterval()).hasSeconds(10);
		assertThat(settings.giveUpAfter()).hasHours(24);
		assertThat(settings.templatesDirectory()).isEmpty();
	}

	@Test
	void fromWhenUnsetThenAppNamesNoReplyAddressAtLocalhost() {
		MailSettings settings = TestSettings.defaults().with("APP_NAME", "Acme, Inc.").bind(MailSettings.class);

		assertThat(settings.fromAddress().getAddress()).isEqualTo("no-reply@localhost");
		assertThat(settings.fromAddress().getPersonal()).isEqualTo("Acme, Inc.");
		assertThat(TestSettings.defaults().bind(MailSettings.class).fromAddress().toUnicodeString())
			.isEqualTo("Latchkey <no-reply@localhost>");
	}

	@Test
	void fromWhenSetThenThatAddressWithItsName() {
		MailSettings settings = TestSettings.defaults()
			.with("MAIL_FROM", "Example Accounts <accounts@example.com>")
			.bind(MailSettings.class);

		assertThat(settings.fromAddress().getAddress()).isEqualTo("accounts@example.com");
		assertThat(settings.fromAddress().getPersonal()).isEqualTo("Example Accounts");
	}

	@Test
	void securityIsReadInAnyCase() {
		assertThat(security(" SSL ").security()).isEqualTo(MailSettings.Security.SSL);
		assertThat(security("None").security()).isEqualTo(MailSettings.Security.NONE);
	}

	@Test
	void securityWhenUnknownThenRefused() {
		assertThat(refusal(() -> security("tls"))).hasMessageContaining("SMTP_SECURITY")
			.hasMessageContaining("starttls, ssl or none");
		assertThat(refusal(() -> security(""))).hasMessageContaining("SMTP_SECURITY");
	}

	@Test
	void fromWhenNotOneAddressThenRefused() {
		for (String from : new String[] { "no-reply", "Latchkey <no-reply@localhost", "a@example.com, b@example.com",
				"<>" }) {
			assertThat(refusal(() -> TestSettings.defaults().with("MAIL_FROM", from).bind(MailSettings.class))).as(from)
				.hasMessageContaining("MAIL_FROM");
		}
	}

	@Test
	void pollIntervalWhenNotPositiveThenRefused() {
		assertThat(refusal(() -> TestSettings.defaults().with("MAIL_POLL_INTERVAL", "PT0S").bind(MailSettings.class)))
			.hasMessageContaining("MAIL_POLL_INTERVAL");
		assertThat(refusal(() -> TestSettings.defaults().with("MAIL_POLL_INTERVAL", "-10s").bind(MailSettings.class)))
			.hasMessageContaining("MAIL_POLL_INTERVAL");
	}

	@Test
	void giveUpAfterWhenNotPositiveThenRefused() {
		assertThat(refusal(() -> TestSettings.defaults().with("MAIL_GIVE_UP_AFTER", "0s").bind(MailSettings.class)))
			.hasMessageContaining("MAIL_GIVE_UP_AFTER");
	}

	@Test
	void portWhenOutOfRangeThenRefused() {
		assertThat(refusal(() -> TestSettings.defaults().with("SMTP_PORT", "0").bind(MailSettings.class)))
			.hasMessageContaining("SMTP_PORT");
		assertThat(refusal(() -> TestSettings.defaults().with("SMTP_PORT", "65536").bind(MailSettings.class)))
			.hasMessageContaining("SMTP_PORT");
	}

	@Test
	void passwordWithoutUsernameThenRefused() {
		assertThat(refusal(() -> TestSettings.defaults().with("SMTP_PASSWORD", "secret").bind(MailSettings.class)))
			.hasMessageContaining("SMTP_USERNAME");
	}

	@Test
	void templatesDirWhenNotADirectoryThenRefused(@TempDir Path directory) {
		String missing = directory.resolve("missing").toString();

		assertThat(refusal(() -> TestSettings.defaults().with("MAIL_TEMPLATES_DIR", missing).bind(MailSettings.class)))
			.hasMessageContaining("MAIL_TEMPLATES_DIR");
		assertThat(TestSettings.defaults()
			.with("MAIL_TEMPLATES_DIR", directory.toString())
			.bind(MailSettings.class)
			.templatesDirectory()).contains(directory);
	}

	@Test
	void passwordIsNeverPrinted() {
		MailSettings settings = TestSettings.defaults()
			.with("SMTP_HOST", "smtp.example.com")
			.with("SMTP_USERNAME", "latchkey")
			.with("SMTP_PASSWORD", "hunter2-smtp-password")
			.bind(MailSettings.class);

		assertThat(settings.toString()).contains("smtp.example.com").doesNotContain("hunter2-smtp-password");
	}

	private static MailSettings security(String value) {
		return TestSettings.defaults().with("SMTP_SECURITY", value).bind(MailSettings.class);
	}

}
