package dev.latchkey.recovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

class RecoverySettingsTest {

	@Test
	void defaultsWhenBoundThenLinksLeadToLatchkeysOwnPages() {
		RecoverySettings settings = TestSettings.defaults().bind(RecoverySettings.class);

		assertThat(settings.link("reset-password", "abc")).isEqualTo("http://localhost:8000/reset-password#token=abc");
		assertThat(settings.resetTokenLifetime()).hasMinutes(60);
		assertThat(settings.verifyTokenLifetime()).hasHours(24);
		assertThat(settings.requireEmailVerification()).isFalse();
	}

	@Test
	void frontendUrlWhenItEndsWithASlashThenLinksHaveOne() {
		RecoverySettings settings = TestSettings.defaults()
			.with("FRONTEND_URL", "https://app.example.com/account/")
			.bind(RecoverySettings.class);

		assertThat(settings.link("verify", "abc")).isEqualTo("https://app.example.com/account/verify#token=abc");
	}

	@ParameterizedTest(name = "FRONTEND_URL={0}")
	@ValueSource(strings = { "app.example.com", "ftp://app.example.com", "https://app.example.com/?next=1",
			"https://app.example.com/#x", "javascript:alert(1)" })
	void frontendUrlWhenNotAPlainWebAddressThenRefused(String url) {
		InvalidConfiguration refusal = refusal(
				() -> TestSettings.defaults().with("FRONTEND_URL", url).bind(RecoverySettings.class));

		assertThat(refusal).hasMessageStartingWith("FRONTEND_URL");
	}

	@ParameterizedTest(name = "{0}=0")
	@ValueSource(strings = { "RESET_TOKEN_EXPIRE_MINUTES", "VERIFY_TOKEN_EXPIRE_HOURS" })
	void lifetimeWhenZeroThenRefused(String variable) {
		InvalidConfiguration refusal = refusal(
				() -> TestSettings.defaults().with(variable, "0").bind(RecoverySettings.class));

		assertThat(refusal).hasMessageStartingWith(variable);
	}

}
