package dev.latchkey.auth;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FastAPI Authentication Template's README walk-through, replayed as curl runs it:
 * one cookie jar, plain HTTP on localhost, the default configuration.
 */
@IntegrationTest
class TemplateWalkthroughTest {

	@LocalServerPort
	int port;

	@Test
	@DisplayName("register, login, /users/me, refresh and logout work as the template's README shows")
	void walkthroughWorksAsWritten() {
		ApiClient curl = new ApiClient(this.port);
		String email = ApiClient.uniqueEmail();

		ApiClient.Reply registered = curl.post("/auth/register",
				Map.of("email", email, "password", "testpassword123", "full_name", "Test User"));
		assertThat(registered.status()).isEqualTo(201);
		assertThat(registered.json().path("email").asString()).isEqualTo(email);
		assertThat(registered.json().path("full_name").asString()).isEqualTo("Test User");
		assertThat(registered.json().path("is_active").asBoolean()).isTrue();

		ApiClient.Reply login = curl.post("/auth/login", Map.of("email", email, "password", "testpassword123"));
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.json().path("user").path("id").asString()).isEqualTo(registered.json().path("id").asString());
		String firstRefreshToken = curl.cookies().value("refresh_token").orElseThrow();
		String firstAccessToken = curl.cookies().value("access_token").orElseThrow();

		ApiClient.Reply me = curl.get("/users/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().path("email").asString()).isEqualTo(email);

		ApiClient.Reply refreshed = curl.post("/auth/refresh");
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(curl.cookies().value("refresh_token")).get().isNotEqualTo(firstRefreshToken);
		assertThat(curl.cookies().value("access_token")).get().isNotEqualTo(firstAccessToken);
		assertThat(curl.get("/users/me").status()).isEqualTo(200);

		ApiClient.Reply logout = curl.post("/auth/logout");
		assertThat(logout.status()).isEqualTo(200);
		assertThat(logout.json().path("message").asString()).isEqualTo("Successfully logged out");
		assertThat(curl.cookies().value("access_token")).isEmpty();
		assertThat(curl.cookies().value("refresh_token")).isEmpty();
		assertThat(curl.get("/users/me").status()).isEqualTo(401);
	}

}
