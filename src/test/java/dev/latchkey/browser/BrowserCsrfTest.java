package dev.latchkey.browser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.Closing;
import dev.latchkey.support.RunningInstance;
import dev.latchkey.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-site request forgery in a real browser. The victim signs in through the trusted
 * frontend (http://localhost:SITE, in ALLOWED_ORIGINS), then visits an attacker's page
 * that is not in ALLOWED_ORIGINS and fires forms and fetches at the API: a page on
 * another site (http://127.0.0.1:SITE), and a page on another origin of the same site
 * (http://localhost:OTHER, as a sibling subdomain would be). The cookies are
 * SameSite=None and the browser sends third-party cookies, so it really attaches the
 * victim's cookies to every forged request (the test checks that it did, in the browser's
 * own network log): only the CSRF defence stands between the attacker and the account.
 */
@BrowserTest
@DisplayName("Browser: cross-site request forgery")
class BrowserCsrfTest {

	private static final String PASSWORD = "the victim's password";

	private static final String ATTACKERS_PASSWORD = "chosen-by-the-attacker-1";

	private static StaticSite site;

	private static RunningInstance api;

	private static Chromium chromium;

	private static String apiOrigin;

	@BeforeAll
	static void start() {
		site = StaticSite.start();
		api = RunningInstance.start(Map.of("DATABASE_URL", TestDatabase.url(), "ALLOWED_ORIGINS",
				site.origin("localhost"), "COOKIE_SAMESITE", "none"));
		apiOrigin = "http://localhost:" + api.port();
		chromium = Chromium.launchAllowingThirdPartyCookies("csrf");
	}

	@AfterAll
	static void stop() throws Exception {
		Closing.all(chromium, api, site);
	}

	@Test
	@DisplayName("a page on another site, sending the victim's SameSite=None cookies, changes nothing and reads nothing")
	void anotherSiteCannotActForTheVictim() {
		victimIsAttackedFrom(site, "127.0.0.1", "cross-site");
	}

	@Test
	@DisplayName("a page on another origin of the same site (another port), which SameSite cannot stop, is refused too")
	void anotherOriginOfTheSameSiteCannotActForTheVictim() {
		try (StaticSite sibling = StaticSite.start()) {
			victimIsAttackedFrom(sibling, "localhost", "same-site");
		}
	}

	/**
	 * The victim signs in on the trusted frontend, visits the attacker's page at
	 * http://{attackerHost}:{attackerSite's port}, and afterwards nothing has changed.
	 */
	private static void victimIsAttackedFrom(StaticSite attackerSite, String attackerHost, String secFetchSite) {
		// The victim signs in on the trusted frontend; the browser holds the API's
		// cookies.
		forgetCookies();
		String email = ApiClient.uniqueEmail();
		Frontend victim = Frontend.open(chromium, site, api.port());
		victim.fill(email, PASSWORD, "Victim");
		assertThat(victim.press("register").status()).isEqualTo("201");
		assertThat(victim.press("login").status()).isEqualTo("200");
		assertThat(victim.press("me").status()).isEqualTo("200");
		Map<String, Cookie> before = apiCookies();
		assertThat(before).containsOnlyKeys("access_token", "refresh_token");
		assertThat(before.values()).allSatisfy((cookie) -> assertThat(cookie.getSameSite()).isEqualTo("None"));
		chromium.requests();

		// Auto-submitted forms: top-level POST navigations to the API, which the browser
		// shows the victim but whose answer the attacker's page, gone by then, never
		// sees.
		for (String form : List.of("logout-all", "logout", "refresh", "password")) {
			chromium.driver().get(attackerPage(attackerSite, attackerHost, form));
			chromium.waiting()
				.withMessage("the form " + form + " to land on the API's answer")
				.until((driver) -> driver.getCurrentUrl().startsWith(apiOrigin)
						&& driver.findElement(By.tagName("body")).getText().endsWith("}"));
			assertThat(chromium.driver().findElement(By.tagName("body")).getText()).as("form " + form)
				.contains("\"status\":403")
				.contains("\"code\":\"cross_origin_request\"");
			chromium.screenshot("csrf-" + secFetchSite + "-form-" + form);
		}

		// Fetches from the attacker's script, and what the script could make of the
		// answers.
		chromium.driver().get(attackerPage(attackerSite, attackerHost, "fetch"));
		chromium.waiting()
			.until((driver) -> "true".equals(driver.findElement(By.id("results")).getDomAttribute("data-done")));
		chromium.screenshot("csrf-" + secFetchSite + "-fetch");
		JsonNode results = JsonMapper.shared().readTree(chromium.driver().findElement(By.id("results")).getText());
		assertThat(results).hasSize(7);
		for (JsonNode result : results) {
			String name = result.path("name").asString();
			if (name.startsWith("no-cors")) {
				assertThat(result.path("type").asString()).as(name + ": an opaque answer").isEqualTo("opaque");
				assertThat(result.path("status").asInt()).as(name).isZero();
				assertThat(result.path("body").asString()).as(name).isEmpty();
			}
			else {
				assertThat(result.path("outcome").asString()).as(name + ": nothing to read").isEqualTo("error");
				assertThat(result.path("error").asString()).as(name).startsWith("TypeError");
			}
		}

		// What really crossed the wire, from the browser's own network log: every forged
		// request carried the victim's cookies, said where it came from, and was refused.
		List<Chromium.Request> seen = chromium.requests();
		List<Chromium.Request> forged = seen.stream()
			.filter((request) -> request.url.startsWith(apiOrigin) && request.onTheWire)
			.filter((request) -> !request.path().equals("/favicon.ico") && !request.method.equals("OPTIONS"))
			.toList();
		assertThat(forged).extracting((request) -> request.method + " " + request.path())
			.containsExactlyInAnyOrder("POST /auth/logout-all", "POST /auth/logout", "POST /auth/refresh",
					"POST /users/me/password", // the four forms
					"POST /auth/logout-all", "POST /auth/logout", "POST /auth/refresh", "POST /users/me/password",
					"GET /users/me", "POST /auth/logout-all"); // the fetches that went
																// out
		assertThat(forged).allSatisfy((request) -> {
			assertThat(request.cookiesSent).as("the victim's cookies went along: " + request).contains("access_token");
			assertThat(request.headers.get("sec-fetch-site")).as(request.toString()).isEqualTo(secFetchSite);
			assertThat(request.status).as("refused: " + request).isEqualTo(403);
		});
		assertThat(forged).filteredOn((request) -> request.path().startsWith("/auth/"))
			.allSatisfy((request) -> assertThat(request.cookiesSent).as(request.toString()).contains("refresh_token"));
		assertThat(seen).as("the JSON password change died at its preflight, never sent").anySatisfy((request) -> {
			assertThat(request.path()).isEqualTo("/users/me/password");
			assertThat(request.onTheWire).isFalse();
			assertThat(request.corsError).isEqualTo("PreflightMissingAllowOriginHeader");
		});

		// Nothing changed: the same cookies (no rotation, no clearing), the same live
		// session, the same password.
		Map<String, Cookie> after = apiCookies();
		assertThat(after.keySet()).isEqualTo(before.keySet());
		after.forEach((name, cookie) -> assertThat(cookie.getValue()).as(name).isEqualTo(before.get(name).getValue()));
		ApiClient sameCookies = api.client();
		after.forEach((name, cookie) -> sameCookies.cookies().set(name, cookie.getValue(), cookie.getPath()));
		assertThat(sameCookies.get("/users/me").json().path("email").asString()).isEqualTo(email);
		JsonNode sessions = sameCookies.get("/auth/sessions").json();
		assertThat(sessions).hasSize(1);
		assertThat(sessions.get(0).path("current").asBoolean()).isTrue();
		Frontend again = Frontend.open(chromium, site, api.port());
		assertThat(again.press("me").status()).as("the victim's frontend still works").isEqualTo("200");
		assertThat(again.press("refresh").status()).as("the refresh token was never spent").isEqualTo("200");
		assertThat(api.client().post("/auth/login", Map.of("email", email, "password", ATTACKERS_PASSWORD)).status())
			.isEqualTo(401);
		assertThat(api.client().post("/auth/login", Map.of("email", email, "password", PASSWORD)).status())
			.isEqualTo(200);
	}

	private static void forgetCookies() {
		chromium.driver().get(apiOrigin + "/auth/sessions");
		chromium.driver().manage().deleteAllCookies();
	}

	private static String attackerPage(StaticSite attackerSite, String host, String attack) {
		return attackerSite.url(host, "attacker.html",
				Map.of("api", apiOrigin, "attack", attack, "password", PASSWORD));
	}

	/**
	 * The API's cookies as the browser holds them (WebDriver sees HttpOnly cookies too).
	 */
	private static Map<String, Cookie> apiCookies() {
		// A page under /auth, where both cookies' paths apply; GET /auth/sessions changes
		// nothing.
		chromium.driver().get(apiOrigin + "/auth/sessions");
		Map<String, Cookie> cookies = new LinkedHashMap<>();
		for (Cookie cookie : chromium.driver().manage().getCookies()) {
			cookies.put(cookie.getName(), cookie);
		}
		return cookies;
	}

}
