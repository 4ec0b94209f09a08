package dev.latchkey.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits as written in their variables, and the refusal of a malformed one: an
 * {@link InvalidConfiguration} whose one sentence names the variable to fix.
 */
class RateLimitSettingsTest {

	@Test
	void readsACountAndAPeriod() {
		RateLimitSettings limits = TestSettings.defaults()
			.with("RATE_LIMITS_ENABLED", "true")
			.with("RATE_LIMIT_LOGINS_PER_ADDRESS", "300/15m")
			.with("RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", "10/15m")
			.with("RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE", "12/15m")
			.with("RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT", "100/15m")
			.with("RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS", "100/15m")
			.with("RATE_LIMIT_REGISTRATIONS_PER_ADDRESS", "60/1h")
			.with("RATE_LIMIT_REFRESHES_PER_SESSION", "5/30s")
			.bind(RateLimitSettings.class);

		assertThat(limits.loginsPerAddress()).isEqualTo(new Limit(300, Duration.ofMinutes(15)));
		assertThat(limits.loginFailuresPerAccountAndAddress()).isEqualTo(new Limit(10, Duration.ofMinutes(15)));
		assertThat(limits.loginFailuresPerDevice()).isEqualTo(new Limit(12, Duration.ofMinutes(15)));
		assertThat(limits.loginFailuresPerAccount()).isEqualTo(new Limit(100, Duration.ofMinutes(15)));
		assertThat(limits.registrationsPerAddress()).isEqualTo(new Limit(60, Duration.ofHours(1)));
		assertThat(limits.refreshesPerSession()).isEqualTo(new Limit(5, Duration.ofSeconds(30)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ten/15m", "10", "10/", "0/15m", "-1/15m", "10/0s", "10/fortnight", "/15m" })
	void refusesALimitNamingItsVariable(String value) {
		InvalidConfiguration refusal = refusal(() -> TestSettings.defaults()
			.with("RATE_LIMITS_ENABLED", "true")
			.with("RATE_LIMIT_REGISTRATIONS_PER_ADDRESS", value)
			.bind(RateLimitSettings.class));

		assertThat(refusal).hasMessageStartingWith("RATE_LIMIT_REGISTRATIONS_PER_ADDRESS must look like 10/15m");
	}

	@ParameterizedTest(name = "TOKEN_CLEANUP_INTERVAL={0}")
	@ValueSource(strings = { "PT0S", "-PT1H" })
	void refusesANonPositiveCleanupIntervalForTheBuckets(String interval) {
		InvalidConfiguration refusal = refusal(
				() -> TestSettings.defaults().with("TOKEN_CLEANUP_INTERVAL", interval).bind(RateLimitSettings.class));

		assertThat(refusal).hasMessageContaining("TOKEN_CLEANUP_INTERVAL");
	}

}
