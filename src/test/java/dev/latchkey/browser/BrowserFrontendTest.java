package dev.latchkey.browser;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.Closing;
import dev.latchkey.support.RunningInstance;
import dev.latchkey.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frontend served from another origin than the API (http://localhost:SITE, listed in
 * ALLOWED_ORIGINS; the same site as the API at http://localhost:API) uses the whole
 * cookie flow with fetch(..., {credentials: 'include'}), in a real Chromium, with the
 * default cookie settings (Secure, HttpOnly, SameSite=Lax).
 */
@BrowserTest
@DisplayName("Browser: a frontend on an allowed origin")
class BrowserFrontendTest {

	private static final String PASSWORD = "a frontend password";

	private static StaticSite site;

	private static RunningInstance api;

	private static Chromium chromium;

	@BeforeAll
	static void start() {
		site = StaticSite.start();
		api = RunningInstance
			.start(Map.of("DATABASE_URL", TestDatabase.url(), "ALLOWED_ORIGINS", site.origin("localhost")));
		chromium = Chromium.launch("frontend");
	}

	@AfterAll
	static void stop() throws Exception {
		Closing.all(chromium, api, site);
	}

	/**
	 * Each test starts signed out: cookies belong to the host, so one page on /auth
	 * reaches both.
	 */
	@BeforeEach
	void forgetCookies() {
		chromium.driver().get("http://localhost:" + api.port() + "/auth/sessions");
		chromium.driver().manage().deleteAllCookies();
	}

	@Test
	@DisplayName("registers, signs in, reads /users/me, refreshes and signs out with credentials: 'include'")
	void wholeCookieFlowFromAnotherOrigin() {
		String email = ApiClient.uniqueEmail();
		Frontend frontend = Frontend.open(chromium, site, api.port());
		frontend.fill(email, PASSWORD, "Browser User");

		Frontend.Answer registered = frontend.press("register");
		assertThat(registered.status()).isEqualTo("201");
		assertThat(registered.json().path("email").asString()).isEqualTo(email);
		assertThat(registered.json().path("full_name").asString()).isEqualTo("Browser User");
		assertThat(frontend.cookie("access_token")).as("registering does not sign in").isNull();

		Frontend.Answer login = frontend.press("login");
		assertThat(login.status()).isEqualTo("200");
		assertThat(login.json().path("user").path("email").asString()).isEqualTo(email);
		assertThat(login.json().path("access_token_expires_at").asString()).isNotBlank();
		assertThat(login.json().path("refresh_token_expires_at").asString()).isNotBlank();
		Cookie access = frontend.cookie("access_token");
		assertThat(access).as("the browser stored the access cookie").isNotNull();
		assertThat(login.body()).as("tokens travel only in cookies").doesNotContain(access.getValue());

		Frontend.Answer me = frontend.press("me");
		assertThat(me.status()).isEqualTo("200");
		assertThat(me.json().path("email").asString()).isEqualTo(email);
		chromium.screenshot("frontend-signed-in");

		Frontend.Answer refreshed = frontend.press("refresh");
		assertThat(refreshed.status()).isEqualTo("200");
		assertThat(refreshed.json().path("user").path("email").asString()).isEqualTo(email);
		Cookie rotated = frontend.cookie("access_token");
		assertThat(rotated).isNotNull();
		assertThat(rotated.getValue()).as("refresh rotates the access cookie").isNotEqualTo(access.getValue());
		assertThat(frontend.press("me").status()).as("the new cookie works").isEqualTo("200");

		Frontend.Answer logout = frontend.press("logout");
		assertThat(logout.status()).isEqualTo("200");
		assertThat(frontend.cookie("access_token")).as("logout clears the cookies").isNull();
		Frontend.Answer afterLogout = frontend.press("me");
		assertThat(afterLogout.status()).isEqualTo("401");
		assertThat(afterLogout.json().path("code").asString()).isEqualTo("not_authenticated");
		assertThat(frontend.press("refresh").status()).as("the session is gone").isEqualTo("401");

		ApiClient stolen = api.client();
		stolen.cookies().set("access_token", rotated.getValue(), "/");
		assertThat(stolen.get("/users/me").status()).as("the signed-out access token is refused at once")
			.isEqualTo(401);
		chromium.screenshot("frontend-signed-out");
	}

	@Test
	@DisplayName("keeps the tokens out of reach of every page's scripts (HttpOnly), though the browser holds them")
	void tokensAreInvisibleToScripts() {
		String email = ApiClient.uniqueEmail();
		api.client().post("/auth/register", Map.of("email", email, "password", PASSWORD));
		Frontend frontend = Frontend.open(chromium, site, api.port());
		frontend.fill(email, PASSWORD, "");
		assertThat(frontend.press("login").status()).isEqualTo("200");

		// Cookies belong to a host, not a port: the frontend at localhost:SITE would see
		// the API's cookies in document.cookie if they were not HttpOnly.
		assertThat(frontend.documentCookie()).isEqualTo("");
		assertThat(chromium.driver().findElement(By.id("document-cookie")).getText()).isEqualTo("\"\"");

		// On the API's own origin, where the refresh cookie's path applies too.
		chromium.driver().get("http://localhost:" + api.port() + "/auth/sessions");
		assertThat(chromium.driver().findElement(By.tagName("body")).getText()).contains("\"current\":true");
		assertThat(chromium.driver().executeScript("return document.cookie")).isEqualTo("");
		for (String name : new String[] { "access_token", "refresh_token" }) {
			Cookie cookie = chromium.driver().manage().getCookieNamed(name);
			assertThat(cookie).as(name).isNotNull();
			assertThat(cookie.isHttpOnly()).as(name + " is HttpOnly").isTrue();
			assertThat(cookie.isSecure()).as(name + " is Secure").isTrue();
			assertThat(cookie.getSameSite()).as(name + " SameSite").isEqualTo("Lax");
		}
		assertThat(chromium.driver().manage().getCookieNamed("refresh_token").getPath()).isEqualTo("/auth");
	}

}
