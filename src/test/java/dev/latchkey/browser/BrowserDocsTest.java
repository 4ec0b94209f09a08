package dev.latchkey.browser;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.Closing;
import dev.latchkey.support.RunningInstance;
import dev.latchkey.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI at /docs and ReDoc at /redoc render in a real browser under the API's
 * Content-Security-Policy, and Swagger UI's "Try it out" works with the browser's
 * cookies.
 */
@BrowserTest
@DisplayName("Browser: Swagger UI and ReDoc")
class BrowserDocsTest {

	private static final String PASSWORD = "a swagger password";

	/** The status of the answer Swagger UI got (the table's header row reads "Code"). */
	private static final String LIVE_STATUS = ".live-responses-table tr.response .response-col_status";

	/**
	 * Console messages that are no fault of the pages: the browser's own request for
	 * /favicon.ico (the API has none: 404), and the "API docs by Redocly" footer logo
	 * that ReDoc always tries to load from its CDN, which the CSP rightly blocks (the
	 * docs load nothing from outside; ReDoc hides the logo when it fails).
	 */
	private static final List<String> EXPECTED_CONSOLE_NOISE = List.of("/favicon.ico - Failed to load resource",
			"Loading the image 'https://cdn.redoc.ly/redoc/logo-mini.svg' violates");

	private static RunningInstance api;

	private static Chromium chromium;

	private static String apiOrigin;

	@BeforeAll
	static void start() {
		api = RunningInstance.start(Map.of("DATABASE_URL", TestDatabase.url()));
		apiOrigin = "http://localhost:" + api.port();
		chromium = Chromium.launch("docs");
	}

	@AfterAll
	static void stop() throws Exception {
		Closing.all(chromium, api);
	}

	@BeforeEach
	void signedOutWithAQuietConsole() {
		chromium.driver().get(apiOrigin + "/auth/sessions");
		chromium.driver().manage().deleteAllCookies();
		chromium.console();
	}

	@Test
	@DisplayName("Swagger UI at /docs renders every operation, with nothing refused by the CSP")
	void swaggerUiRenders() {
		chromium.driver().get(apiOrigin + "/docs");
		chromium.waiting().until(ExpectedConditions.urlContains("/swagger-ui/index.html"));
		operation("post", "/auth/login");
		assertThat(chromium.driver().findElement(By.cssSelector(".info .title")).getText()).startsWith("Latchkey API");
		List<String> paths = chromium.driver()
			.findElements(By.cssSelector(".opblock-summary-path"))
			.stream()
			.map((element) -> element.getDomAttribute("data-path"))
			.toList();
		assertThat(paths).contains("/auth/register", "/auth/login", "/auth/refresh", "/auth/logout", "/auth/logout-all",
				"/users/me", "/auth/sessions");
		chromium.screenshot("docs-swagger-ui");
		assertNoConsoleErrors();
	}

	@Test
	@DisplayName("Swagger UI's Try it out signs in with POST /auth/login, then GET /users/me answers with the cookie")
	void swaggerUiTryItOutUsesTheCookies() {
		String email = ApiClient.uniqueEmail();
		assertThat(api.client().post("/auth/register", Map.of("email", email, "password", PASSWORD)).status())
			.isEqualTo(201);
		chromium.driver().get(apiOrigin + "/docs");

		WebElement login = expand(operation("post", "/auth/login"));
		tryItOut(login);
		WebElement body = login.findElement(By.cssSelector("textarea.body-param__text"));
		body.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		body.sendKeys("{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}");
		execute(login);
		assertThat(liveStatus(login)).isEqualTo("200");
		assertThat(liveBody(login)).contains(email).contains("access_token_expires_at");
		assertThat(chromium.driver().manage().getCookieNamed("access_token")).as("the browser took the cookie")
			.isNotNull();
		chromium.screenshot("docs-swagger-try-login");

		WebElement me = expand(operation("get", "/users/me"));
		tryItOut(me);
		execute(me);
		assertThat(liveStatus(me)).isEqualTo("200");
		assertThat(liveBody(me)).contains("\"email\": \"" + email + "\"");
		chromium.driver().executeScript("arguments[0].scrollIntoView(true)", me);
		chromium.screenshot("docs-swagger-try-me");
		assertNoConsoleErrors();
	}

	@Test
	@DisplayName("ReDoc at /redoc renders the API, with nothing refused by the CSP")
	void redocRenders() {
		chromium.driver().get(apiOrigin + "/redoc");
		WebElement title = chromium.waiting()
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".api-info h1")));
		assertThat(title.getText()).startsWith("Latchkey API");
		chromium.waiting().until((driver) -> driver.findElement(By.tagName("body")).getText().contains("/auth/login"));
		assertThat(chromium.driver().findElement(By.cssSelector(".menu-content")).getText()).contains("auth", "users");
		assertThat(chromium.driver().findElement(By.tagName("body")).getText()).contains("Sign in", "The current user");
		chromium.screenshot("docs-redoc");
		assertNoConsoleErrors();
	}

	/** The operation block of Swagger UI for this method and path, once rendered. */
	private static WebElement operation(String method, String path) {
		By block = By.xpath("//div[contains(concat(' ', @class, ' '), ' opblock-" + method + " ')][.//*[@data-path='"
				+ path + "']]");
		return chromium.waiting().until(ExpectedConditions.visibilityOfElementLocated(block));
	}

	private static WebElement expand(WebElement operation) {
		operation.findElement(By.cssSelector(".opblock-summary")).click();
		chromium.waiting().until((driver) -> !operation.findElements(By.cssSelector(".opblock-body")).isEmpty());
		return operation;
	}

	/**
	 * Presses "Try it out" where the operation shows it. Latchkey configures Swagger UI
	 * with try-it-out-enabled, so operations open ready to execute, their button reading
	 * "Cancel".
	 */
	private static void tryItOut(WebElement operation) {
		WebElement button = chromium.waiting()
			.until(ExpectedConditions.elementToBeClickable(operation.findElement(By.cssSelector(".try-out__btn"))));
		if (button.getText().trim().equalsIgnoreCase("Try it out")) {
			button.click();
		}
		chromium.waiting().until((driver) -> !operation.findElements(By.cssSelector("button.execute")).isEmpty());
	}

	private static void execute(WebElement operation) {
		operation.findElement(By.cssSelector("button.execute")).click();
		chromium.waiting().until((driver) -> !operation.findElements(By.cssSelector(LIVE_STATUS)).isEmpty());
	}

	private static String liveStatus(WebElement operation) {
		return operation.findElement(By.cssSelector(LIVE_STATUS)).getText().trim();
	}

	private static String liveBody(WebElement operation) {
		return operation.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description"))
			.getText();
	}

	/**
	 * Nothing refused by the Content-Security-Policy, no script error, no failed load.
	 */
	private static void assertNoConsoleErrors() {
		List<String> errors = chromium.console()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue()
					|| entry.getMessage().contains("Content Security Policy"))
			.filter((entry) -> EXPECTED_CONSOLE_NOISE.stream().noneMatch(entry.getMessage()::contains))
			.map(LogEntry::toString)
			.toList();
		assertThat(errors).isEmpty();
	}

}
