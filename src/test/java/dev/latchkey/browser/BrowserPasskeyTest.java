package dev.latchkey.browser;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.Closing;
import dev.latchkey.support.RunningInstance;
import dev.latchkey.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys in a real Chromium, with the virtual authenticator of its DevTools protocol (a
 * platform authenticator that keeps discoverable credentials and verifies its user): a
 * frontend on an allowed origin adds one, signs out, signs in with it alone, uses it as
 * the second step after the password, and removes it. The page's script is the whole
 * client: options from the API through PublicKeyCredential's JSON parsers to
 * navigator.credentials, and the answer's toJSON() back (frontend.js).
 */
@BrowserTest
@DisplayName("Browser: passkeys")
class BrowserPasskeyTest {

	private static final String PASSWORD = "a passkey owner's password";

	private static StaticSite site;

	private static RunningInstance api;

	private static Chromium chromium;

	@BeforeAll
	static void start() {
		site = StaticSite.start();
		api = RunningInstance
			.start(Map.of("DATABASE_URL", TestDatabase.url(), "ALLOWED_ORIGINS", site.origin("localhost")));
		chromium = Chromium.launch("passkeys");
	}

	@AfterAll
	static void stop() throws Exception {
		Closing.all(chromium, api, site);
	}

	@Test
	@DisplayName("adds a passkey, signs out, signs in with it, uses it after the password, and removes it")
	void passkeyFromAddingToRemoving() {
		String email = ApiClient.uniqueEmail();
		Frontend frontend = Frontend.open(chromium, site, api.port());
		frontend.fill(email, PASSWORD, "Passkey User");
		assertThat(frontend.press("register").status()).isEqualTo("201");
		assertThat(frontend.press("login").status()).isEqualTo("200");
		VirtualAuthenticator authenticator = chromium.driver()
			.addVirtualAuthenticator(
					new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
						.setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
						.setHasResidentKey(true)
						.setHasUserVerification(true)
						.setIsUserVerified(true));
		try {
			Answer added = passkeys("add", "This browser");
			assertThat(added.status()).as(added.body()).isEqualTo(201);
			assertThat(added.json().path("name").asString()).isEqualTo("This browser");
			assertThat(added.json().path("recovery_codes").values()).hasSize(10);
			List<Credential> stored = authenticator.getCredentials();
			assertThat(stored).hasSize(1);
			assertThat(stored.get(0).isResidentCredential()).as("a discoverable credential").isTrue();
			assertThat(stored.get(0).getRpId()).isEqualTo("localhost");

			assertThat(frontend.press("logout").status()).isEqualTo("200");
			assertThat(frontend.press("me").status()).isEqualTo("401");
			Answer signedIn = passkeys("signIn", null);
			assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
			assertThat(signedIn.json().path("user").path("email").asString()).isEqualTo(email);
			assertThat(frontend.press("me").json().path("email").asString()).isEqualTo(email);
			assertThat(frontend.cookie("access_token")).isNotNull();

			assertThat(frontend.press("logout").status()).isEqualTo("200");
			Frontend.Answer password = frontend.press("login");
			assertThat(password.json().path("mfa_required").asBoolean()).isTrue();
			assertThat(password.json().path("methods").values()).extracting(JsonNode::asString).contains("passkey");
			assertThat(frontend.press("me").status()).as("no session before the second step").isEqualTo("401");
			Answer secondStep = passkeys("secondFactor", null);
			assertThat(secondStep.status()).as(secondStep.body()).isEqualTo(200);
			assertThat(frontend.press("me").status()).isEqualTo("200");

			Answer listed = passkeys("list", null);
			assertThat(listed.json().values()).hasSize(1);
			assertThat(listed.json().path(0).path("last_used_at").isNull()).isFalse();
			Answer removed = passkeys("remove", listed.json().path(0).path("id").asString());
			assertThat(removed.status()).as(removed.body()).isEqualTo(204);
			assertThat(passkeys("list", null).json().values()).isEmpty();

			assertThat(frontend.press("logout").status()).isEqualTo("200");
			Answer refused = passkeys("signIn", null);
			assertThat(refused.status()).as("the authenticator still has the key; Latchkey no longer does")
				.isEqualTo(401);
			assertThat(refused.json().path("code").asString()).isEqualTo("passkey_invalid");
		}
		finally {
			chromium.driver().removeVirtualAuthenticator(authenticator);
		}
	}

	/** Runs one of frontend.js's passkey functions and waits for the API's answer. */
	private static Answer passkeys(String function, String argument) {
		Object result = chromium.driver().executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				window.passkeys[arguments[0]](arguments[1])
				  .then(done, (error) => done({ status: -1, body: String(error) }));""", function, argument);
		@SuppressWarnings("unchecked")
		Map<String, Object> answer = (Map<String, Object>) result;
		return new Answer(((Number) answer.get("status")).intValue(), String.valueOf(answer.get("body")));
	}

	private record Answer(int status, String body) {

		JsonNode json() {
			return JsonMapper.shared().readTree(this.body);
		}

	}

}
