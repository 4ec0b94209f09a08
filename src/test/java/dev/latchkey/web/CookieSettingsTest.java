package dev.latchkey.web;

import org.junit.jupiter.api.Test;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals of bad cookie settings, one per bad setting: each stops startup with an
 * {@link InvalidConfiguration} whose one sentence names the environment variable to fix.
 */
class CookieSettingsTest {

	@Test
	void refusesSameSiteNoneWithoutSecure() {
		InvalidConfiguration refusal = refusal(() -> cookies(false, "none", ""));

		assertThat(refusal).hasMessageContaining("COOKIE_SAMESITE").hasMessageContaining("COOKIE_SECURE");
	}

	@Test
	void refusesSameSiteNoneWithoutSecureWhateverItsCase() {
		InvalidConfiguration refusal = refusal(() -> cookies(false, " None ", ""));

		assertThat(refusal).hasMessageContaining("COOKIE_SAMESITE");
	}

	@Test
	void acceptsSameSiteNoneWithSecure() {
		assertThat(cookies(true, "none", "").sameSiteAttribute()).isEqualTo("None");
	}

	@Test
	void acceptsLaxAndStrictWithoutSecureForPlainHttpDevelopment() {
		assertThat(cookies(false, "LAX", "").sameSiteAttribute()).isEqualTo("Lax");
		assertThat(cookies(false, "strict", "").sameSiteAttribute()).isEqualTo("Strict");
	}

	@Test
	void refusesAnUnknownSameSiteValue() {
		InvalidConfiguration refusal = refusal(() -> cookies(true, "sometimes", ""));

		assertThat(refusal).hasMessageContaining("COOKIE_SAMESITE");
	}

	private static CookieSettings cookies(boolean secure, String sameSite, String domain) {
		return TestSettings.defaults()
			.with("COOKIE_SECURE", String.valueOf(secure))
			.with("COOKIE_SAMESITE", sameSite)
			.with("COOKIE_DOMAIN", domain)
			.bind(CookieSettings.class);
	}

}
