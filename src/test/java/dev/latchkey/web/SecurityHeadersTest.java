package dev.latchkey.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.RunningInstance;
import dev.latchkey.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security headers on every response, HSTS when COOKIE_SECURE is on, and a
 * Content-Security-Policy that still lets /docs and /redoc work.
 */
@IntegrationTest
class SecurityHeadersTest {

	@LocalServerPort
	int port;

	@Test
	@DisplayName("every kind of response carries nosniff, X-Frame-Options DENY, Referrer-Policy no-referrer, HSTS and the CSP")
	void everyResponseCarriesTheSecurityHeaders() {
		responses(new ApiClient(this.port)).forEach((name, reply) -> {
			assertThat(single(name, reply, "X-Content-Type-Options")).isEqualTo("nosniff");
			assertThat(single(name, reply, "X-Frame-Options")).isEqualTo("DENY");
			assertThat(single(name, reply, "Referrer-Policy")).isEqualTo("no-referrer");
			assertThat(single(name, reply, "Strict-Transport-Security")).matches("max-age=[1-9][0-9]*.*");
			assertStrictContentSecurityPolicy(name, single(name, reply, "Content-Security-Policy"));
		});
	}

	@Test
	@DisplayName("HSTS asks browsers to remember HTTPS for at least a year, also on plain-HTTP requests behind a TLS proxy")
	void hstsHasLongMaxAgeOnPlainHttp() {
		Reply health = new ApiClient(this.port).get("/health");

		String hsts = single("GET /health", health, "Strict-Transport-Security");
		Matcher maxAge = Pattern.compile("max-age=(\\d+)").matcher(hsts);
		assertThat(maxAge.find()).isTrue();
		assertThat(Long.parseLong(maxAge.group(1))).isGreaterThanOrEqualTo(31_536_000L);
	}

	@Test
	@DisplayName("the documentation pages load only scripts from this server and run no inline script, so the CSP lets them work")
	void docsPagesNeedNothingTheCspForbids() {
		ApiClient client = new ApiClient(this.port);
		Reply docs = client.get("/docs");
		assertThat(docs.status()).isBetween(300, 399);
		String swaggerPath = docs.header("Location").get(0).replaceFirst("^https?://[^/]+", "");
		assertThat(swaggerPath).isEqualTo("/swagger-ui/index.html");

		for (String page : List.of(swaggerPath, "/redoc")) {
			Reply html = client.get(page);
			assertThat(html.status()).as(page).isEqualTo(200);
			assertThat(html.contentType()).as(page).startsWith("text/html");
			List<String> scripts = Pattern.compile("<script\\b[^>]*>", Pattern.CASE_INSENSITIVE)
				.matcher(html.body())
				.results()
				.map((result) -> result.group())
				.toList();
			assertThat(scripts).as("%s loads scripts", page).isNotEmpty();
			for (String script : scripts) {
				Matcher src = Pattern.compile("src=\"([^\"]+)\"").matcher(script);
				assertThat(src.find()).as("%s has an inline script, which script-src 'self' blocks: %s", page, script)
					.isTrue();
				assertThat(src.group(1)).as("%s loads a script from elsewhere", page).doesNotContain("//");
				String scriptPath = src.group(1).startsWith("/") ? src.group(1)
						: page.substring(0, page.lastIndexOf('/') + 1) + src.group(1).replaceFirst("^\\./", "");
				Reply loaded = client.get(scriptPath);
				assertThat(loaded.status()).as("%s is served", scriptPath).isEqualTo(200);
				assertThat(loaded.body()).as("%s", scriptPath).isNotEmpty();
			}
			assertThat(html.body()).as("%s uses no inline event handlers", page)
				.doesNotContainPattern("(?i)<[^>]+\\son[a-z]+\\s*=");
		}
	}

	@Test
	@DisplayName("with COOKIE_SECURE=false there is no HSTS, and the other headers stay")
	void hstsAbsentWhenCookiesNotSecure() {
		try (RunningInstance insecure = RunningInstance
			.start(Map.of("DATABASE_URL", TestDatabase.url(), "COOKIE_SECURE", "false"))) {
			responses(insecure.client()).forEach((name, reply) -> {
				assertThat(reply.header("Strict-Transport-Security")).as(name).isEmpty();
				assertThat(single(name, reply, "X-Content-Type-Options")).isEqualTo("nosniff");
				assertThat(single(name, reply, "X-Frame-Options")).isEqualTo("DENY");
				assertThat(single(name, reply, "Referrer-Policy")).isEqualTo("no-referrer");
				assertStrictContentSecurityPolicy(name, single(name, reply, "Content-Security-Policy"));
			});
		}
	}

	/**
	 * One response of every kind the service gives: success, redirect, each error and
	 * each layer it comes from.
	 */
	private static Map<String, Reply> responses(ApiClient client) {
		Map<String, Reply> replies = new LinkedHashMap<>();
		replies.put("GET /health", expect(200, client.get("/health")));
		replies.put("GET /users/me without cookie", expect(401, client.get("/users/me")));
		replies.put("POST /auth/login with wrong credentials", expect(401,
				client.post("/auth/login", Map.of("email", ApiClient.uniqueEmail(), "password", "wrong-password"))));
		replies.put("POST /auth/login with a body that breaks the rules",
				expect(422, client.post("/auth/login", Map.of("email", "not-an-email"))));
		replies.put("POST /auth/login with malformed JSON",
				expect(400, client.postRaw("/auth/login", "application/json", "{")));
		replies.put("GET /auth/login", expect(405, client.get("/auth/login")));
		replies.put("GET /docs", expect(302, client.get("/docs")));
		replies.put("GET /swagger-ui/index.html", expect(200, client.get("/swagger-ui/index.html")));
		replies.put("GET /redoc", expect(200, client.get("/redoc")));
		replies.put("GET /openapi.json", expect(200, client.get("/openapi.json")));
		replies.put("GET /metrics", expect(200, client.get("/metrics")));
		replies.put("GET /no-such-page", expect(404, client.get("/no-such-page")));
		replies.put("OPTIONS preflight from an allowed origin", expect(200, client.send("OPTIONS", "/auth/login",
				Map.of("Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST"), "")));
		replies.put("POST /auth/login with an oversized body", expect(413,
				client.postRaw("/auth/login", "application/json", "{\"email\": \"" + "x".repeat(70_000) + "\"}")));
		replies.put("a path Spring Security's firewall refuses", expect(400, client.get("/users/me;jsessionid=1")));
		replies.put("a path Tomcat refuses before the application sees it", expect(400, client.get("/users/%00me")));
		return replies;
	}

	private static Reply expect(int status, Reply reply) {
		assertThat(reply.status()).isEqualTo(status);
		return reply;
	}

	private static String single(String name, Reply reply, String header) {
		assertThat(reply.header(header)).as("%s: exactly one %s header", name, header).hasSize(1);
		return reply.header(header).get(0);
	}

	private static void assertStrictContentSecurityPolicy(String name, String policy) {
		Map<String, List<String>> directives = Arrays.stream(policy.split(";"))
			.map(String::strip)
			.filter((directive) -> !directive.isEmpty())
			.map((directive) -> Arrays.asList(directive.split("\\s+")))
			.collect(Collectors.toMap((parts) -> parts.get(0), (parts) -> parts.subList(1, parts.size()),
					(first, second) -> first, LinkedHashMap::new));
		assertThat(directives.get("frame-ancestors")).as("%s: frame-ancestors", name).containsExactly("'none'");
		assertThat(directives.get("script-src")).as("%s: script-src", name)
			.contains("'self'")
			.doesNotContain("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:");
		assertThat(directives.get("object-src")).as("%s: object-src", name).containsExactly("'none'");
		assertThat(directives.get("default-src")).as("%s: default-src", name).containsExactly("'self'");
		assertThat(directives).as(name).containsKey("base-uri");
		assertThat(directives.values().stream().flatMap(List::stream).map(Function.identity()))
			.as("%s: no source may be any host", name)
			.doesNotContain("*");
	}

}
