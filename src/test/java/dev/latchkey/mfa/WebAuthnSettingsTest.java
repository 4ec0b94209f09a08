package dev.latchkey.mfa;

import org.junit.jupiter.api.Test;

import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

class WebAuthnSettingsTest {

	@Test
	void defaultsWhenBoundThenEverythingFromTheRequestAndTheAppName() {
		WebAuthnSettings settings = TestSettings.defaults().bind(WebAuthnSettings.class);

		assertThat(settings.rpId()).isEmpty();
		assertThat(settings.rpName()).isEqualTo("Latchkey");
		assertThat(settings.origins()).isEmpty();
	}

	@Test
	void settingsWhenSetThenNormalised() {
		WebAuthnSettings settings = TestSettings.defaults()
			.with("WEBAUTHN_RP_ID", " Example.COM ")
			.with("APP_NAME", "Acme")
			.with("WEBAUTHN_ORIGINS", "https://app.example.com/, https://example.com:8443")
			.bind(WebAuthnSettings.class);

		assertThat(settings.rpId()).isEqualTo("example.com");
		assertThat(settings.rpName()).isEqualTo("Acme");
		assertThat(settings.origins()).containsExactly("https://app.example.com", "https://example.com:8443");
	}

	@Test
	void rpIdWhenAnUrlThenRefused() {
		assertThat(refusal(() -> TestSettings.defaults()
			.with("WEBAUTHN_RP_ID", "https://example.com")
			.bind(WebAuthnSettings.class))).hasMessageStartingWith("WEBAUTHN_RP_ID");
	}

	@Test
	void originWhenItHasAPathThenRefused() {
		assertThat(refusal(() -> TestSettings.defaults()
			.with("WEBAUTHN_ORIGINS", "https://app.example.com/login")
			.bind(WebAuthnSettings.class))).hasMessageStartingWith("WEBAUTHN_ORIGINS");
	}

}
