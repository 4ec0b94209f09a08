package dev.latchkey.tokens;

import java.time.Clock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.latchkey.config.DatabaseSettings;
import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.config.SecretSettings;
import dev.latchkey.config.ServerSecret;
import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The refusals of bad access-token settings, one per bad setting: each stops startup with
 * an {@link InvalidConfiguration} whose one sentence names the environment variable to
 * fix. The key's strength depends on the algorithm, so it is checked where the access
 * tokens are made from both.
 */
class AccessTokenSettingsTest {

	private static final String GOOD_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	@Test
	@DisplayName("the template's defaults are accepted")
	void templateDefaultsWhenBoundThenAccepted() {
		AccessTokenSettings settings = TestSettings.defaults().bind(AccessTokenSettings.class);

		assertThat(settings.algorithm()).isEqualTo("HS256");
		assertThat(settings.lifetime()).hasMinutes(15);
	}

	@Test
	@DisplayName("a SECRET_KEY of 31 characters is refused for HS256, without showing the key")
	void shortKeyWhenHs256ThenRefusedWithoutShowingIt() {
		String shortKey = "only-31-characters-long-key-xyz";
		assertThat(shortKey).hasSize(31);

		InvalidConfiguration refusal = refusal(
				() -> accessTokens(TestSettings.defaults().with("SECRET_KEY", shortKey)));

		assertThat(refusal).hasMessageContaining("SECRET_KEY").hasMessageContaining("32");
		assertThat(refusal.getMessage()).doesNotContain(shortKey);
	}

	@Test
	@DisplayName("a SECRET_KEY of exactly 32 characters is accepted for HS256")
	void keyOf32CharactersWhenHs256ThenAccepted() {
		assertThatNoException()
			.isThrownBy(() -> accessTokens(TestSettings.defaults().with("SECRET_KEY", "k".repeat(32))));
	}

	@Test
	@DisplayName("a SECRET_KEY shorter than 48 characters is refused for HS384")
	void keyOf47CharactersWhenHs384ThenRefused() {
		String key = "k".repeat(47);

		InvalidConfiguration refusal = refusal(
				() -> accessTokens(TestSettings.defaults().with("SECRET_KEY", key).with("ALGORITHM", "HS384")));

		assertThat(refusal).hasMessageContaining("SECRET_KEY").hasMessageContaining("48");
		assertThat(refusal.getMessage()).doesNotContain(key);
	}

	@Test
	@DisplayName("a SECRET_KEY shorter than 64 characters is refused for HS512")
	void keyOf63CharactersWhenHs512ThenRefused() {
		InvalidConfiguration refusal = refusal(() -> accessTokens(
				TestSettings.defaults().with("SECRET_KEY", "k".repeat(63)).with("ALGORITHM", "HS512")));

		assertThat(refusal).hasMessageContaining("SECRET_KEY").hasMessageContaining("64");
	}

	@ParameterizedTest(name = "ALGORITHM={0}")
	@ValueSource(strings = { "RS256", "none", "ES256", "HS1", "" })
	@DisplayName("an ALGORITHM that is not an HMAC JWS algorithm is refused")
	void algorithmWhenNotHmacThenRefused(String algorithm) {
		InvalidConfiguration refusal = refusal(
				() -> TestSettings.defaults().with("ALGORITHM", algorithm).bind(AccessTokenSettings.class));

		assertThat(refusal).hasMessageContaining("ALGORITHM");
	}

	@Test
	@DisplayName("ALGORITHM is accepted in any case and with spaces around it")
	void algorithmWhenLowerCaseThenNormalised() {
		assertThat(TestSettings.defaults().with("ALGORITHM", " hs512 ").bind(AccessTokenSettings.class).algorithm())
			.isEqualTo("HS512");
	}

	@ParameterizedTest(name = "ACCESS_TOKEN_EXPIRE_MINUTES={0}")
	@ValueSource(longs = { 0, -1, -15 })
	@DisplayName("a lifetime of zero or less minutes is refused")
	void lifetimeWhenNotPositiveThenRefused(long minutes) {
		InvalidConfiguration refusal = refusal(() -> TestSettings.defaults()
			.with("ACCESS_TOKEN_EXPIRE_MINUTES", String.valueOf(minutes))
			.bind(AccessTokenSettings.class));

		assertThat(refusal).hasMessageContaining("ACCESS_TOKEN_EXPIRE_MINUTES");
	}

	@Test
	@DisplayName("a negative clock skew is refused")
	void clockSkewWhenNegativeThenRefused() {
		InvalidConfiguration refusal = refusal(
				() -> TestSettings.defaults().with("JWT_CLOCK_SKEW_SECONDS", "-1").bind(AccessTokenSettings.class));

		assertThat(refusal).hasMessageContaining("JWT_CLOCK_SKEW_SECONDS");
	}

	@Test
	@DisplayName("the secret is never shown when its settings are printed")
	void secretSettingsWhenPrintedThenKeyHidden() {
		SecretSettings secret = TestSettings.defaults().with("SECRET_KEY", GOOD_KEY).bind(SecretSettings.class);

		assertThat(secret.key()).isEqualTo(GOOD_KEY);
		assertThat(secret).asString().doesNotContain(GOOD_KEY);
	}

	private static AccessTokens accessTokens(TestSettings settings) {
		ServerSecret secret = new ServerSecret(settings.bind(SecretSettings.class),
				settings.bind(DatabaseSettings.class));
		return new AccessTokens(settings.bind(AccessTokenSettings.class), secret, Clock.systemUTC(),
				new SimpleMeterRegistry());
	}

}
