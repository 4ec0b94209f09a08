package dev.latchkey.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.RawHttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses go out whole, with a Content-Length, not chunked: a ResponseEntity's flush no
 * longer commits them early ({@link WholeResponseFilter}). Read off the wire, since an
 * HTTP client library would hide the framing.
 */
@IntegrationTest
class WholeResponseTest {

	@LocalServerPort
	int port;

	@Test
	@DisplayName("login, refresh, a refused refresh, /users/me, logout and the OpenAPI document each carry their Content-Length and no chunks")
	void responsesCarryTheirLength() {
		RawHttpClient client = new RawHttpClient(this.port, "127.0.0.1");
		String email = ApiClient.uniqueEmail();
		Map<String, Object> credentials = Map.of("email", email, "password", ForwardedHeadersTest.PASSWORD);
		Map<String, Reply> replies = new LinkedHashMap<>();
		replies.put("register", client.postJson("/auth/register", Map.of(), credentials));
		replies.put("login", client.postJson("/auth/login", Map.of(), credentials));
		replies.put("refresh", client.send("POST", "/auth/refresh", Map.of(), ""));
		replies.put("me", client.get("/users/me", Map.of()));
		replies.put("logout", client.send("POST", "/auth/logout", Map.of(), ""));
		replies.put("refused refresh",
				new RawHttpClient(this.port, "127.0.0.1").send("POST", "/auth/refresh", Map.of(), ""));
		replies.put("openapi", client.get("/openapi.json", Map.of()));

		assertThat(replies).extractingFromEntries((entry) -> entry.getValue().status())
			.containsExactly(201, 200, 200, 200, 200, 401, 200);
		replies.forEach((name, reply) -> {
			assertThat(reply.header("Transfer-Encoding")).as(name).isEmpty();
			assertThat(reply.header("Content-Length")).as(name)
				.containsExactly(String.valueOf(reply.body().getBytes(StandardCharsets.UTF_8).length));
		});
		// Spring Security writes its headers when the response is committed; they still
		// come.
		assertThat(replies.get("refresh").header("Cache-Control")).as("refresh").containsExactly("no-store");
		assertThat(replies.get("refresh").setCookies()).as("refresh").hasSize(2);
		assertThat(replies.get("me").header("Cache-Control")).as("me").isNotEmpty();
	}

}
