package dev.latchkey.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The bundled templates render with the values the README documents for each, and need
 * each of them; values are escaped in HTML only; a file in MAIL_TEMPLATES_DIR replaces
 * its bundled one.
 */
class MailTemplatesTest {

	private static final String LINK = "https://app.example.com/verify?token=abc-123_XYZ";

	private static final String NEW_EMAIL = "new-address@example.com";

	/**
	 * The values each bundled template takes, as the README's Mail section lists them.
	 */
	private static final Map<String, Map<String, String>> DOCUMENTED = Map.of("verify-email", Map.of("link", LINK),
			"reset-password", Map.of("link", LINK), "password-changed", Map.of(), "email-change-confirm",
			Map.of("link", LINK, "new_email", NEW_EMAIL), "email-change-requested", Map.of("new_email", NEW_EMAIL),
			"email-changed-notice", Map.of("new_email", NEW_EMAIL));

	private final MailTemplates templates = templates(TestSettings.defaults());

	@Test
	void bundledTemplatesAreExactlyTheDocumentedOnes() {
		assertThat(this.templates.names()).containsExactlyInAnyOrderElementsOf(DOCUMENTED.keySet());
	}

	@Test
	void everyBundledTemplateRendersWithItsDocumentedValues() {
		DOCUMENTED.forEach((name, values) -> {
			RenderedMail mail = this.templates.render(name, values);

			assertThat(mail.subject()).as(name).contains("Latchkey").doesNotContain("{{").doesNotContain("\n");
			assertThat(mail.text()).as(name).startsWith("Hello from Latchkey,").doesNotContain("{{");
			assertThat(mail.html()).as(name).contains("Hello from Latchkey,").doesNotContain("{{");
			values.values().forEach((value) -> {
				assertThat(mail.text()).as(name).contains(value);
				assertThat(mail.html()).as(name).contains(value);
			});
			// Nothing a mail client would fetch from elsewhere, and no script.
			assertThat(mail.html().toLowerCase()).as(name)
				.doesNotContain("src=")
				.doesNotContain("<link")
				.doesNotContain("<script")
				.doesNotContain("url(")
				.doesNotContain("@import");
			List<String> afterEachHref = List.of(mail.html().split("href=\"", -1));
			assertThat(afterEachHref.subList(1, afterEachHref.size())).as("%s links only to its link", name)
				.allSatisfy((afterHref) -> assertThat(afterHref).startsWith(LINK + "\""));
		});
	}

	@Test
	void everyDocumentedValueIsNeeded() {
		DOCUMENTED.forEach((name, values) -> values.keySet().forEach((missing) -> {
			Map<String, String> fewer = new HashMap<>(values);
			fewer.remove(missing);

			assertThatIllegalArgumentException().as("%s without %s", name, missing)
				.isThrownBy(() -> this.templates.render(name, fewer))
				.withMessageContaining("{{" + missing + "}}")
				.withMessageContaining(name);
		}));
	}

	@Test
	void valueWhenMissingThenSendFailsLoudly() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.templates.render("reset-password", Map.of()))
			.withMessage("Mail template 'reset-password' needs a value for {{link}}");
	}

	@Test
	void templateWhenUnknownThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.templates.render("welcome", Map.of()))
			.withMessageContaining("welcome");
	}

	@Test
	void valuesAreEscapedInHtmlAndAsTheyAreInText() {
		String hostile = "<script>alert('x')</script>&@example.com";

		RenderedMail mail = this.templates.render("email-changed-notice", Map.of("new_email", hostile));

		assertThat(mail.text()).contains(hostile);
		assertThat(mail.html()).doesNotContain("<script>")
			.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;@example.com");
	}

	@Test
	void appNameIsAlwaysAppNameAndNoCallerCanChangeIt() {
		MailTemplates acme = templates(TestSettings.defaults().with("APP_NAME", "Acme <Accounts>"));

		RenderedMail mail = acme.render("password-changed", Map.of("app_name", "Forged"));

		assertThat(mail.subject()).isEqualTo("Your Acme <Accounts> password was changed");
		assertThat(mail.text()).startsWith("Hello from Acme <Accounts>,").doesNotContain("Forged");
		assertThat(mail.html()).contains("Hello from Acme &lt;Accounts&gt;,");
	}

	@Test
	void replacementInTemplatesDirWinsOverTheBundledFile(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("reset-password.txt"),
				"Subject: {{app_name}}: a new password\r\n\r\nOur own words. Go to {{link}}\r\n");
		MailTemplates replaced = templates(TestSettings.defaults().with("MAIL_TEMPLATES_DIR", directory.toString()));

		RenderedMail mail = replaced.render("reset-password", Map.of("link", LINK));

		assertThat(mail.subject()).isEqualTo("Latchkey: a new password");
		assertThat(mail.text()).isEqualTo("Our own words. Go to " + LINK + "\n");
		assertThat(mail.html()).as("the bundled HTML, which was not replaced").contains("Choose a new password");
		assertThat(replaced.render("verify-email", Map.of("link", LINK)).subject())
			.isEqualTo(this.templates.render("verify-email", Map.of("link", LINK)).subject());
	}

	@Test
	void replacementOfHtmlAloneWins(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("verify-email.html"), "<p>{{app_name}} brand: <a href=\"{{link}}\">go</a>");
		MailTemplates replaced = templates(TestSettings.defaults().with("MAIL_TEMPLATES_DIR", directory.toString()));

		RenderedMail mail = replaced.render("verify-email", Map.of("link", LINK));

		assertThat(mail.html()).isEqualTo("<p>Latchkey brand: <a href=\"" + LINK + "\">go</a>");
		assertThat(mail.subject()).isEqualTo("Confirm your email address for Latchkey");
	}

	@Test
	void replacementWhenItReplacesNothingThenStartupIsRefused(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("reset-pasword.txt"), "Subject: typo\n\n{{link}}\n");

		assertThat(refusal(() -> templates(TestSettings.defaults().with("MAIL_TEMPLATES_DIR", directory.toString()))))
			.hasMessageContaining("MAIL_TEMPLATES_DIR")
			.hasMessageContaining("reset-pasword.txt");
	}

	@Test
	void replacementWithoutSubjectLineThenStartupIsRefused(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("password-changed.txt"), "Your password was changed.\n");

		assertThat(refusal(() -> templates(TestSettings.defaults().with("MAIL_TEMPLATES_DIR", directory.toString()))))
			.hasMessageContaining("MAIL_TEMPLATES_DIR")
			.hasMessageContaining("Subject:");
	}

	@Test
	void subjectWhenAValueWouldBreakItsLineThenRefused(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("email-changed-notice.txt"), "Subject: Now {{new_email}}\n\nBody\n");
		MailTemplates replaced = templates(TestSettings.defaults().with("MAIL_TEMPLATES_DIR", directory.toString()));

		for (String value : List.of("a@example.com\r\nBcc: victim@example.com", "a\u0000b")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> replaced.render("email-changed-notice", Map.of("new_email", value)))
				.withMessageContaining("subject");
		}
	}

	private static MailTemplates templates(TestSettings settings) {
		return new MailTemplates(settings.bind(MailSettings.class));
	}

}
