package dev.latchkey.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The system's headless Chromium (Debian's chromium and chromium-driver), driven through
 * its own chromedriver. Both paths are given to Selenium explicitly, so Selenium Manager
 * never runs and nothing is downloaded. CHROMIUM_BINARY and CHROMEDRIVER_BINARY override
 * the Debian paths.
 */
final class Chromium implements AutoCloseable {

	static final Path BINARY = Path.of(setting("CHROMIUM_BINARY", "/usr/bin/chromium"));

	static final Path DRIVER = Path.of(setting("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver"));

	static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

	static final Duration WAIT = Duration.ofSeconds(20);

	private static final JsonMapper json = JsonMapper.shared();

	private final ChromeDriver driver;

	private final Path profile;

	private Chromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** Why the browser tests cannot run here, or empty when they can. */
	static Optional<String> missing() {
		if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
			return Optional.of("Chromium is not installed (" + BINARY + ", " + DRIVER
					+ "): apt-get install chromium chromium-driver");
		}
		return Optional.empty();
	}

	/**
	 * A fresh browser with an empty profile; {@code name} labels its chromedriver log in
	 * target/.
	 */
	static Chromium launch(String name) {
		return launch(name, false);
	}

	/**
	 * Like {@link #launch(String)}, but also sending cookies in third-party contexts
	 * (requests that a page on one site makes to another), as Chrome does by default for
	 * its users. Chromium started by chromedriver blocks them, which would hide what a
	 * cross-site attacker could do.
	 */
	static Chromium launchAllowingThirdPartyCookies(String name) {
		return launch(name, true);
	}

	private static Chromium launch(String name, boolean thirdPartyCookies) {
		try {
			// Belt and braces: with the driver given, Selenium does not look for one.
			System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
			Files.createDirectories(SCREENSHOTS);
			Path profile = Files.createTempDirectory("latchkey-chromium-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(BINARY.toFile());
			options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--disable-extensions",
					"--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-US");
			LoggingPreferences logs = new LoggingPreferences();
			logs.enable(LogType.BROWSER, Level.ALL);
			logs.enable(LogType.PERFORMANCE, Level.ALL);
			options.setCapability("goog:loggingPrefs", logs);
			options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
			if (thirdPartyCookies) {
				options.setExperimentalOption("prefs",
						Map.of("profile.cookie_controls_mode", 0, "profile.block_third_party_cookies", false));
			}
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.withLogFile(new File(SCREENSHOTS.toFile(), "chromedriver-" + name + ".log"))
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
			return new Chromium(driver, profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	ChromeDriver driver() {
		return this.driver;
	}

	WebDriverWait waiting() {
		return new WebDriverWait(this.driver, WAIT);
	}

	/** Saves what the browser shows as target/browser-screenshots/{name}.png. */
	Path screenshot(String name) {
		Path file = SCREENSHOTS.resolve(name + ".png");
		try {
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/**
	 * The console messages since the last call (errors, CSP violations, failed loads).
	 */
	List<LogEntry> console() {
		return this.driver.manage().logs().get(LogType.BROWSER).getAll();
	}

	/**
	 * The DevTools network events since the last call, each as {@code {method, params}}:
	 * what the browser really sent (with which cookies) and what came back, even where a
	 * page's script may not look.
	 */
	List<JsonNode> networkEvents() {
		return this.driver.manage()
			.logs()
			.get(LogType.PERFORMANCE)
			.getAll()
			.stream()
			.map((entry) -> json.readTree(entry.getMessage()).path("message"))
			.filter((event) -> event.path("method").asString().startsWith("Network."))
			.toList();
	}

	/**
	 * The requests the browser made since the last look at the network events: method,
	 * URL, the cookies it really attached, the headers it really sent, the status that
	 * came back and any CORS error, each assembled from the DevTools events of one
	 * request.
	 */
	List<Request> requests() {
		Map<String, Request> requests = new LinkedHashMap<>();
		for (JsonNode event : networkEvents()) {
			JsonNode params = event.path("params");
			String id = params.path("requestId").asString();
			Request request = requests.computeIfAbsent(id, (key) -> new Request());
			switch (event.path("method").asString()) {
				case "Network.requestWillBeSent" -> {
					request.method = params.path("request").path("method").asString();
					request.url = params.path("request").path("url").asString();
				}
				case "Network.requestWillBeSentExtraInfo" -> {
					request.onTheWire = true;
					params.path("headers")
						.properties()
						.forEach((header) -> request.headers.put(header.getKey().toLowerCase(Locale.ROOT),
								header.getValue().asString()));
					for (JsonNode associated : params.path("associatedCookies")) {
						(associated.path("blockedReasons").isEmpty() ? request.cookiesSent : request.cookiesBlocked)
							.add(associated.path("cookie").path("name").asString());
					}
				}
				case "Network.responseReceivedExtraInfo" -> request.status = params.path("statusCode").asInt();
				case "Network.responseReceived" -> request.status = params.path("response").path("status").asInt();
				case "Network.loadingFailed" -> {
					JsonNode corsError = params.path("corsErrorStatus").path("corsError");
					request.corsError = corsError.isString() ? corsError.asString() : null;
				}
				default -> {
				}
			}
		}
		return requests.values().stream().filter((request) -> request.url != null).toList();
	}

	/** One request as the browser saw it (see {@link #requests()}). */
	static final class Request {

		String method;

		String url;

		/**
		 * Whether it left the browser (a request stopped by a failed preflight never
		 * does).
		 */
		boolean onTheWire;

		final Map<String, String> headers = new LinkedHashMap<>();

		final List<String> cookiesSent = new ArrayList<>();

		final List<String> cookiesBlocked = new ArrayList<>();

		Integer status;

		String corsError;

		String path() {
			return URI.create(this.url).getPath();
		}

		@Override
		public String toString() {
			return this.method + " " + this.url + " sent=" + this.onTheWire + " status=" + this.status + " cookies="
					+ this.cookiesSent + " blocked=" + this.cookiesBlocked + " sec-fetch-site="
					+ this.headers.get("sec-fetch-site") + " cors-error=" + this.corsError;
		}

	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteQuietly(this.profile);
		}
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temporary profile is harmless.
		}
	}

	private static String setting(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	/**
	 * Skips a {@link BrowserTest} class, with the reason, where Chromium is not
	 * installed.
	 */
	static final class Installed implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			return missing().map(ConditionEvaluationResult::disabled)
				.orElseGet(() -> ConditionEvaluationResult.enabled("Chromium and chromedriver are installed"));
		}

	}

}
