package dev.latchkey.recovery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.web.SecurityHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages that mailed links open are served by Latchkey itself, under its
 * Content-Security-Policy, with their script from this origin and none inline.
 */
@IntegrationTest
class RecoveryPagesTest {

	@LocalServerPort
	int port;

	@ParameterizedTest(name = "GET {0}")
	@ValueSource(strings = { "/reset-password", "/verify" })
	void pageWhenOpenedThenServedWithItsScriptFromThisOriginAndNothingInline(String path) {
		ApiClient browser = new ApiClient(this.port);

		Reply page = browser.get(path);
		Reply script = browser.get("/recovery/recovery.js");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.header("Content-Security-Policy")).containsExactly(SecurityHeaders.CONTENT_SECURITY_POLICY);
		assertThat(page.body()).contains("<script src=\"/recovery/recovery.js\"></script>")
			.doesNotContain("<script>")
			.doesNotContain(" on");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.body()).contains("location.hash").contains("history.replaceState");
	}

}
