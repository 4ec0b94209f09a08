package dev.latchkey.users;

import org.junit.jupiter.api.Test;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals of bad password settings, one per bad setting: each stops startup with an
 * {@link InvalidConfiguration} whose one sentence names the environment variable to fix.
 */
class PasswordSettingsTest {

	@Test
	void acceptsOwaspDefaults() {
		PasswordSettings passwords = passwords(19456, 2, 1, 8);

		assertThat(passwords.memoryCost()).isEqualTo(19456);
	}

	@Test
	void refusesAMinimumLengthAboveTheMaximum() {
		assertThat(refusal(() -> passwords(19456, 2, 1, 129))).hasMessageContaining("PASSWORD_MIN_LENGTH");
	}

	@Test
	void refusesAZeroTimeCost() {
		assertThat(refusal(() -> passwords(19456, 0, 1, 8))).hasMessageContaining("ARGON2_TIME_COST");
	}

	@Test
	void refusesZeroParallelism() {
		assertThat(refusal(() -> passwords(19456, 2, 0, 8))).hasMessageContaining("ARGON2_PARALLELISM");
	}

	@Test
	void refusesTooLittleMemoryForTheLanes() {
		assertThat(refusal(() -> passwords(15, 2, 2, 8))).hasMessageContaining("ARGON2_MEMORY_COST");
	}

	private static PasswordSettings passwords(int memory, int time, int parallelism, int minLength) {
		return TestSettings.defaults()
			.with("ARGON2_MEMORY_COST", String.valueOf(memory))
			.with("ARGON2_TIME_COST", String.valueOf(time))
			.with("ARGON2_PARALLELISM", String.valueOf(parallelism))
			.with("PASSWORD_MIN_LENGTH", String.valueOf(minLength))
			.bind(PasswordSettings.class);
	}

}
