package dev.latchkey.sessions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals of bad session settings, one per bad setting: each stops startup with an
 * {@link InvalidConfiguration} whose one sentence names the environment variable to fix.
 */
class SessionSettingsTest {

	@ParameterizedTest(name = "REFRESH_TOKEN_EXPIRE_DAYS={0}")
	@ValueSource(longs = { 0, -7 })
	void refusesANonPositiveRefreshTokenLifetime(long days) {
		InvalidConfiguration refusal = refusal(() -> TestSettings.defaults()
			.with("REFRESH_TOKEN_EXPIRE_DAYS", String.valueOf(days))
			.bind(SessionSettings.class));

		assertThat(refusal).hasMessageContaining("REFRESH_TOKEN_EXPIRE_DAYS");
	}

	@ParameterizedTest(name = "SESSION_MAX_AGE_DAYS={0}")
	@ValueSource(longs = { 0, -30 })
	void refusesANonPositiveSessionMaximumAge(long days) {
		InvalidConfiguration refusal = refusal(() -> TestSettings.defaults()
			.with("SESSION_MAX_AGE_DAYS", String.valueOf(days))
			.bind(SessionSettings.class));

		assertThat(refusal).hasMessageContaining("SESSION_MAX_AGE_DAYS");
	}

	@ParameterizedTest(name = "SESSION_CACHE_SIZE={0}")
	@ValueSource(strings = { "-1", "-10000" })
	void refusesANegativeCacheSize(String size) {
		InvalidConfiguration refusal = refusal(
				() -> TestSettings.defaults().with("SESSION_CACHE_SIZE", size).bind(SessionSettings.class));

		assertThat(refusal).hasMessageContaining("SESSION_CACHE_SIZE");
	}

	@ParameterizedTest(name = "SESSION_CACHE_HEARTBEAT={0}")
	@ValueSource(strings = { "PT0S", "PT0.01S", "PT5M" })
	void refusesAHeartbeatOutsideItsRange(String heartbeat) {
		InvalidConfiguration refusal = refusal(
				() -> TestSettings.defaults().with("SESSION_CACHE_HEARTBEAT", heartbeat).bind(SessionSettings.class));

		assertThat(refusal).hasMessageContaining("SESSION_CACHE_HEARTBEAT");
	}

}
