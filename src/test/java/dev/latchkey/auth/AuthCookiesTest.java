package dev.latchkey.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import dev.latchkey.sessions.SessionSettings;
import dev.latchkey.tokens.AccessTokenSettings;
import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.TestSettings;
import dev.latchkey.web.AuthCookies;
import dev.latchkey.web.CookieSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two session cookies: as a browser receives them over HTTP with the default
 * configuration (Secure, SameSite=Lax, no Domain), and, in plain unit tests of
 * {@link AuthCookies}, with settings the shared context does not use.
 */
@IntegrationTest
class AuthCookiesTest {

	private static final String PASSWORD = "correct-horse-battery";

	@LocalServerPort
	int port;

	@Test
	@DisplayName("login sets access_token (Path=/, Max-Age=900) and refresh_token (Path=/auth, Max-Age=604800), HttpOnly, Secure, SameSite=Lax, and device_token (Path=/auth/login, a year)")
	void loginSetsBothCookiesWithTheirAttributes() {
		ApiClient client = new ApiClient(this.port);
		String email = ApiClient.uniqueEmail();
		client.post("/auth/register", Map.of("email", email, "password", PASSWORD));

		Reply login = client.post("/auth/login", Map.of("email", email, "password", PASSWORD));

		assertThat(login.status()).isEqualTo(200);
		assertIssued(login);
		Map<String, String> device = byName(login.setCookies()).get("device_token");
		assertThat(device.get("")).hasSize(64);
		assertThat(device).containsEntry("path", "/auth/login")
			.containsEntry("max-age", "31536000")
			.containsEntry("samesite", "Lax")
			.containsKeys("httponly", "secure")
			.doesNotContainKey("domain");
	}

	@Test
	@DisplayName("refresh sets both cookies again with the same attributes")
	void refreshSetsBothCookiesWithTheirAttributes() {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);

		Reply refreshed = client.post("/auth/refresh");

		assertThat(refreshed.status()).isEqualTo(200);
		assertIssued(refreshed);
		assertThat(refreshed.setCookies()).as("a refresh earns no device cookie")
			.noneMatch((cookie) -> cookie.startsWith("device_token="));
	}

	@Test
	@DisplayName("logout clears both cookies with their Path and Max-Age=0")
	void logoutClearsBothCookiesOnTheirPaths() {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);

		Reply logout = client.post("/auth/logout");

		assertThat(logout.status()).isEqualTo(200);
		assertCleared(logout);
	}

	@Test
	@DisplayName("logout-all clears both cookies with their Path and Max-Age=0")
	void logoutAllClearsBothCookiesOnTheirPaths() {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);

		Reply logoutAll = client.post("/auth/logout-all");

		assertThat(logoutAll.status()).isEqualTo(200);
		assertCleared(logoutAll);
	}

	@Test
	@DisplayName("a refused refresh clears both cookies and is not cached")
	void refusedRefreshClearsBothCookies() {
		ApiClient client = new ApiClient(this.port);
		client.cookies().set("refresh_token", "garbage-" + UUID.randomUUID(), "/auth");

		Reply refused = client.post("/auth/refresh");

		assertThat(refused.status()).isEqualTo(401);
		assertCleared(refused);
	}

	/** The two session cookies; a login's device cookie is checked on its own. */
	private static void assertIssued(Reply reply) {
		Map<String, Map<String, String>> cookies = byName(reply.setCookies());
		cookies.remove("device_token");
		assertThat(cookies).containsOnlyKeys("access_token", "refresh_token");
		Map<String, String> access = cookies.get("access_token");
		assertThat(access.get("")).isNotEmpty();
		assertThat(access).containsEntry("path", "/")
			.containsEntry("max-age", "900")
			.containsEntry("samesite", "Lax")
			.containsKeys("httponly", "secure")
			.doesNotContainKey("domain");
		Map<String, String> refresh = cookies.get("refresh_token");
		assertThat(refresh.get("")).isNotEmpty();
		assertThat(refresh).containsEntry("path", "/auth")
			.containsEntry("max-age", "604800")
			.containsEntry("samesite", "Lax")
			.containsKeys("httponly", "secure")
			.doesNotContainKey("domain");
		assertNoStore(reply);
	}

	private static void assertCleared(Reply reply) {
		Map<String, Map<String, String>> cookies = byName(reply.setCookies());
		assertThat(cookies).containsOnlyKeys("access_token", "refresh_token");
		assertThat(cookies.get("access_token")).containsEntry("", "")
			.containsEntry("path", "/")
			.containsEntry("max-age", "0")
			.containsEntry("samesite", "Lax")
			.containsKeys("httponly", "secure");
		assertThat(cookies.get("refresh_token")).containsEntry("", "")
			.containsEntry("path", "/auth")
			.containsEntry("max-age", "0")
			.containsEntry("samesite", "Lax")
			.containsKeys("httponly", "secure");
		assertNoStore(reply);
	}

	/**
	 * The cookies as the application defines them, with these attributes and the default
	 * token lifetimes.
	 */
	private static AuthCookies authCookies(CookieSettings cookies) {
		TestSettings defaults = TestSettings.defaults();
		return new AuthConfiguration().authCookies(cookies, defaults.bind(AccessTokenSettings.class),
				defaults.bind(SessionSettings.class));
	}

	private static void assertNoStore(Reply reply) {
		assertThat(String.join(", ", reply.header("Cache-Control"))).contains("no-store");
	}

	// Plain unit tests of AuthCookies: COOKIE_DOMAIN, SameSite=Strict and
	// COOKIE_SECURE=false, which the shared context does not set.

	@Test
	@DisplayName("with COOKIE_DOMAIN set, both cookies carry Domain when set and when cleared, with the configured SameSite")
	void cookieDomainIsOnSetAndClearedCookies() {
		AuthCookies cookies = authCookies(TestSettings.defaults()
			.with("COOKIE_SECURE", "true")
			.with("COOKIE_SAMESITE", "strict")
			.with("COOKIE_DOMAIN", "example.com")
			.bind(CookieSettings.class));

		HttpHeaders issued = cookies.issued("access-value", "refresh-value");
		HttpHeaders cleared = cookies.cleared();

		Map<String, Map<String, String>> set = byName(issued.get(HttpHeaders.SET_COOKIE));
		assertThat(set.get("access_token")).containsEntry("", "access-value")
			.containsEntry("domain", "example.com")
			.containsEntry("path", "/")
			.containsEntry("max-age", "900")
			.containsEntry("samesite", "Strict")
			.containsKeys("httponly", "secure");
		assertThat(set.get("refresh_token")).containsEntry("", "refresh-value")
			.containsEntry("domain", "example.com")
			.containsEntry("path", "/auth")
			.containsEntry("max-age", "604800")
			.containsEntry("samesite", "Strict")
			.containsKeys("httponly", "secure");
		Map<String, Map<String, String>> clear = byName(cleared.get(HttpHeaders.SET_COOKIE));
		assertThat(clear.get("access_token")).containsEntry("domain", "example.com")
			.containsEntry("path", "/")
			.containsEntry("max-age", "0");
		assertThat(clear.get("refresh_token")).containsEntry("domain", "example.com")
			.containsEntry("path", "/auth")
			.containsEntry("max-age", "0");
	}

	@Test
	@DisplayName("with COOKIE_SECURE=false the cookies are not Secure, and without COOKIE_DOMAIN they are host-only")
	void insecureHostOnlyCookies() {
		AuthCookies cookies = authCookies(TestSettings.defaults()
			.with("COOKIE_SECURE", "false")
			.with("COOKIE_SAMESITE", "lax")
			.with("COOKIE_DOMAIN", "")
			.bind(CookieSettings.class));

		Map<String, Map<String, String>> set = byName(
				cookies.issued("access-value", "refresh-value").get(HttpHeaders.SET_COOKIE));
		Map<String, Map<String, String>> clear = byName(cookies.cleared().get(HttpHeaders.SET_COOKIE));

		for (Map<String, Map<String, String>> headers : List.of(set, clear)) {
			assertThat(headers.values()).hasSize(2)
				.allSatisfy((cookie) -> assertThat(cookie).doesNotContainKeys("secure", "domain")
					.containsKey("httponly")
					.containsEntry("samesite", "Lax"));
		}
	}

	/**
	 * Set-Cookie headers by cookie name; each as its attributes, lower-cased names mapped
	 * to values (an empty string for flags), with the cookie's value under the key "".
	 */
	static Map<String, Map<String, String>> byName(List<String> setCookieHeaders) {
		assertThat(setCookieHeaders).isNotNull();
		Map<String, Map<String, String>> cookies = new LinkedHashMap<>();
		for (String header : setCookieHeaders) {
			String[] parts = header.split(";");
			String[] nameValue = parts[0].split("=", 2);
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("", nameValue[1].strip());
			for (int i = 1; i < parts.length; i++) {
				String[] attribute = parts[i].split("=", 2);
				attributes.put(attribute[0].strip().toLowerCase(Locale.ROOT),
						(attribute.length > 1) ? attribute[1].strip() : "");
			}
			assertThat(cookies.put(nameValue[0].strip(), attributes)).as("one Set-Cookie per cookie name").isNull();
		}
		return cookies;
	}

}
