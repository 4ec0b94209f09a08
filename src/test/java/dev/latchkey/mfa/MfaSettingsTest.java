package dev.latchkey.mfa;

import org.junit.jupiter.api.Test;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

class MfaSettingsTest {

	@Test
	void defaultsWhenBoundThenTenMinutesAndAKeyDerivedFromTheSecret() {
		MfaSettings settings = TestSettings.defaults().bind(MfaSettings.class);

		assertThat(settings.stepUpMaxAge()).hasMinutes(10);
		assertThat(settings.encryptionKey()).isEmpty();
	}

	@Test
	void encryptionKeyWhenShorterThan32CharactersThenRefusedWithoutShowingIt() {
		InvalidConfiguration refusal = refusal(
				() -> TestSettings.defaults().with("MFA_ENCRYPTION_KEY", "short-key-123").bind(MfaSettings.class));

		assertThat(refusal).hasMessageStartingWith("MFA_ENCRYPTION_KEY").hasMessageNotContaining("short-key-123");
	}

	@Test
	void encryptionKeyWhenPrintedThenHidden() {
		MfaSettings settings = TestSettings.defaults()
			.with("MFA_ENCRYPTION_KEY", "a-key-of-at-least-thirty-two-characters")
			.bind(MfaSettings.class);

		assertThat(settings.toString()).doesNotContain("a-key-of-at-least");
	}

	@Test
	void stepUpMaxAgeWhenZeroThenRefused() {
		assertThat(refusal(() -> TestSettings.defaults().with("STEP_UP_MAX_AGE_MINUTES", "0").bind(MfaSettings.class)))
			.hasMessageStartingWith("STEP_UP_MAX_AGE_MINUTES");
	}

}
