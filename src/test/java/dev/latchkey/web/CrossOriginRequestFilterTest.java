package dev.latchkey.web;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class CrossOriginRequestFilterTest {

	private final CrossOriginRequestFilter filter = new CrossOriginRequestFilter(List.of("https://app.example"),
			mock(HandlerExceptionResolver.class), (event) -> {
			});

	@DisplayName("the decision table of Go's CrossOriginProtection")
	@ParameterizedTest(name = "{0} Origin={1} Sec-Fetch-Site={2} Host={3} -> refused={4}")
	@CsvSource(nullValues = "-", textBlock = """
			GET,     https://evil.example, cross-site,  api.example, false
			OPTIONS, https://evil.example, cross-site,  api.example, false
			POST,    https://app.example,  cross-site,  api.example, false
			POST,    https://evil.example, cross-site,  api.example, true
			DELETE,  https://evil.example, same-site,   api.example, true
			PATCH,   https://api.example,  same-origin, api.example, false
			POST,    -,                    none,        api.example, false
			POST,    -,                    cross-site,  api.example, true
			POST,    -,                    -,           api.example, false
			POST,    https://api.example,  -,           api.example, false
			POST,    https://evil.example, -,           api.example, true
			PUT,     null,                 -,           api.example, true
			""")
	void refusesCrossOriginUnsafeRequestsOnly(String method, @Nullable String origin, @Nullable String fetchSite,
			String host, boolean refused) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/auth/login");
		request.addHeader("Host", host);
		if (origin != null) {
			request.addHeader("Origin", origin);
		}
		if (fetchSite != null) {
			request.addHeader("Sec-Fetch-Site", fetchSite);
		}
		assertThat(this.filter.isCrossOrigin(request)).isEqualTo(refused);
	}

	@Nested
	@IntegrationTest
	class OverHttp {

		@LocalServerPort
		int port;

		@Test
		void crossSiteFormPostWithCookiesIsRefusedBeforeItChangesAnything() {
			ApiClient victim = new ApiClient(this.port);
			victim.registerAndLogin(ApiClient.uniqueEmail(), "a good password");

			ApiClient.Reply reply = victim.send("POST", "/auth/logout-all",
					Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"), "");

			assertThat(reply.status()).isEqualTo(403);
			assertThat(reply.code()).isEqualTo("cross_origin_request");
			assertThat(reply.contentType()).startsWith("application/problem+json");
			assertThat(victim.get("/users/me").status()).isEqualTo(200);
		}

		@Test
		void allowedOriginSameOriginAndNonBrowserClientsPass() {
			ApiClient client = new ApiClient(this.port);
			client.registerAndLogin(ApiClient.uniqueEmail(), "a good password");

			assertThat(client
				.send("POST", "/auth/refresh",
						Map.of("Origin", "http://localhost:3000", "Sec-Fetch-Site", "cross-site"), "")
				.status()).isEqualTo(200);
			assertThat(client.send("POST", "/auth/refresh", Map.of("Sec-Fetch-Site", "same-origin"), "").status())
				.isEqualTo(200);
			assertThat(client.post("/auth/refresh").status()).isEqualTo(200);
		}

		@Test
		void refusedCorsPreflightIsAProblem() {
			ApiClient.Reply reply = new ApiClient(this.port).send("OPTIONS", "/auth/login",
					Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "POST"), "");

			assertThat(reply.status()).isEqualTo(403);
			assertThat(reply.contentType()).startsWith("application/problem+json");
			assertThat(reply.code()).isEqualTo("cross_origin_request");
		}

		@Test
		void allowedOriginGetsCredentialedCors() {
			ApiClient.Reply reply = new ApiClient(this.port).send("OPTIONS", "/auth/login",
					Map.of("Origin", "http://localhost:5173", "Access-Control-Request-Method", "POST",
							"Access-Control-Request-Headers", "content-type"),
					"");

			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.header("Access-Control-Allow-Origin")).containsExactly("http://localhost:5173");
			assertThat(reply.header("Access-Control-Allow-Credentials")).containsExactly("true");
		}

	}

}
