package dev.latchkey.browser;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.Closing;
import dev.latchkey.support.FreePort;
import dev.latchkey.support.RunningInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer with nothing configured (embedded PostgreSQL, no SMTP_HOST, no frontend)
 * recovers an account in a real Chromium, using only the pages Latchkey serves: asks for
 * a link on /reset-password, finds the mail on /dev/mailbox, follows its link, sets a new
 * password and signs in with it; and verifies the address from the registration mail.
 */
@BrowserTest
@DisplayName("Browser: recovery with nothing configured")
class BrowserRecoveryTest {

	private static final String PASSWORD = "the forgotten password";

	private static final String NEW_PASSWORD = "the remembered password";

	@TempDir
	static Path dataDir;

	private static RunningInstance api;

	private static Chromium chromium;

	@BeforeAll
	static void start() {
		// FRONTEND_URL's default follows PORT; a test instance's port is known only once
		// chosen.
		int port = FreePort.any();
		api = RunningInstance.start(Map.of("DATABASE_URL", "", "DATA_DIR", dataDir.toString(), "server.port",
				String.valueOf(port), "FRONTEND_URL", "http://localhost:" + port));
		chromium = Chromium.launch("recovery");
	}

	@AfterAll
	static void stop() throws Exception {
		Closing.all(chromium, api);
	}

	/** Each test starts signed out, and sees only its own console messages. */
	@BeforeEach
	void startAfresh() {
		chromium.driver().get(origin() + "/reset-password");
		chromium.driver().manage().deleteAllCookies();
		chromium.console();
	}

	@Test
	@DisplayName("forgot password, the mailbox page, the link, a new password, and signing in with it")
	void resetThroughTheMailboxPage() {
		String email = ApiClient.uniqueEmail();
		assertThat(api.client().post("/auth/register", Map.of("email", email, "password", PASSWORD)).status())
			.isEqualTo(201);
		WebDriver browser = chromium.driver();

		browser.get(origin() + "/reset-password");
		type("email", email);
		browser.findElement(By.cssSelector("#forgot button")).click();
		assertThat(outcome()).startsWith("If an account has this address");
		chromium.screenshot("recovery-link-asked");

		openMailboxLink(email, "/reset-password#token=");
		chromium.waiting().until((driver) -> driver.findElement(By.id("reset")).isDisplayed());
		assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token");
		type("password", NEW_PASSWORD);
		type("confirm", NEW_PASSWORD);
		browser.findElement(By.cssSelector("#reset button")).click();
		assertThat(outcome()).startsWith("Your password has been changed");
		chromium.screenshot("recovery-password-set");
		assertThat(severe(chromium.console())).as("no script error or CSP violation").isEmpty();

		assertThat(signIn(email, PASSWORD)).as("the old password").isEqualTo(401L);
		assertThat(signIn(email, NEW_PASSWORD)).as("the new password").isEqualTo(200L);
		assertThat(browser.manage().getCookieNamed("access_token")).as("the browser is signed in").isNotNull();
	}

	@Test
	@DisplayName("the registration mail's link, opened from the mailbox page, verifies the address with one press")
	void verifyThroughTheMailboxPage() {
		String email = ApiClient.uniqueEmail();
		ApiClient client = api.client();
		client.registerAndLogin(email, PASSWORD);
		assertThat(client.get("/users/me").json().path("is_verified").asBoolean()).isFalse();

		openMailboxLink(email, "/verify#token=");
		WebElement verify = chromium.waiting().until((driver) -> driver.findElement(By.cssSelector("#verify button")));
		assertThat(client.get("/users/me").json().path("is_verified").asBoolean())
			.as("opening the link alone, as a mail scanner does, proves nothing")
			.isFalse();
		verify.click();
		assertThat(outcome()).isEqualTo("Your email is verified.");

		assertThat(client.get("/users/me").json().path("is_verified").asBoolean()).isTrue();
		assertThat(severe(chromium.console())).as("no script error or CSP violation").isEmpty();
	}

	/**
	 * Opens /dev/mailbox, reloading it until the mail to this address with such a link
	 * has arrived, and follows the link.
	 */
	private static void openMailboxLink(String email, String linkPart) {
		WebDriver browser = chromium.driver();
		browser.get(origin() + "/dev/mailbox");
		WebElement link = chromium.waiting().until((driver) -> {
			List<WebElement> mails = driver.findElements(By.tagName("article"))
				.stream()
				.filter((mail) -> mail.getText().contains(email))
				.flatMap((mail) -> mail.findElements(By.cssSelector("a[href*='" + linkPart + "']")).stream())
				.toList();
			if (mails.isEmpty()) {
				driver.navigate().refresh();
				return null;
			}
			return mails.getFirst();
		});
		chromium.screenshot("recovery-mailbox");
		link.click();
	}

	/** Signs in from the page, as its frontend would, and answers the status. */
	private static Object signIn(String email, String password) {
		return chromium.driver().executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/auth/login', {method: 'POST', credentials: 'same-origin',
				    headers: {'Content-Type': 'application/json'},
				    body: JSON.stringify({email: arguments[0], password: arguments[1]})})
				  .then((response) => done(response.status), () => done(-1));
				""", email, password);
	}

	private static String outcome() {
		return chromium.waiting().until((driver) -> {
			String text = driver.findElement(By.id("outcome")).getText();
			return text.isEmpty() ? null : text;
		});
	}

	private static void type(String id, String text) {
		WebElement input = chromium.driver().findElement(By.id(id));
		input.clear();
		input.sendKeys(text);
	}

	private static List<String> severe(List<LogEntry> console) {
		return console.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.toList();
	}

	private static String origin() {
		return "http://localhost:" + api.port();
	}

}
