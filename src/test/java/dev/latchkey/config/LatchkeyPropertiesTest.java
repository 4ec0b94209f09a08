package dev.latchkey.config;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The configuration refusals, one per bad setting: each stops startup with an
 * {@link InvalidConfiguration} whose one sentence names the environment variable to fix.
 */
class LatchkeyPropertiesTest {

	private static final String GOOD_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	@Nested
	class Tokens {

		@Test
		void acceptsTheTemplateDefaults() {
			LatchkeyProperties.Tokens tokens = tokens(GOOD_KEY, "HS256", Duration.ofMinutes(15));

			assertThat(tokens.algorithm()).isEqualTo("HS256");
		}

		@Test
		void acceptsABlankSecretKeyBecauseOnlyTheDatabaseModeDecidesWhetherOneIsNeeded() {
			assertThatNoException().isThrownBy(() -> tokens("", "HS256", Duration.ofMinutes(15)));
		}

		@Test
		void refusesASecretKeyShorterThan32CharactersForHs256() {
			String shortKey = "only-31-characters-long-key-xyz";
			assertThat(shortKey).hasSize(31);

			InvalidConfiguration refusal = refusal(() -> tokens(shortKey, "HS256", Duration.ofMinutes(15)));

			assertThat(refusal).hasMessageContaining("SECRET_KEY").hasMessageContaining("32");
			assertThat(refusal.getMessage()).doesNotContain(shortKey);
		}

		@Test
		void acceptsASecretKeyOfExactly32CharactersForHs256() {
			assertThatNoException().isThrownBy(() -> tokens("k".repeat(32), "HS256", Duration.ofMinutes(15)));
		}

		@Test
		void refusesASecretKeyShorterThan48CharactersForHs384() {
			String key = "k".repeat(47);

			InvalidConfiguration refusal = refusal(() -> tokens(key, "HS384", Duration.ofMinutes(15)));

			assertThat(refusal).hasMessageContaining("SECRET_KEY").hasMessageContaining("48");
			assertThat(refusal.getMessage()).doesNotContain(key);
		}

		@Test
		void refusesASecretKeyShorterThan64CharactersForHs512() {
			InvalidConfiguration refusal = refusal(() -> tokens("k".repeat(63), "HS512", Duration.ofMinutes(15)));

			assertThat(refusal).hasMessageContaining("SECRET_KEY").hasMessageContaining("64");
		}

		@ParameterizedTest(name = "ALGORITHM={0}")
		@ValueSource(strings = { "RS256", "none", "ES256", "HS1", "" })
		void refusesAnAlgorithmThatIsNotAnHmacJwsAlgorithm(String algorithm) {
			InvalidConfiguration refusal = refusal(() -> tokens(GOOD_KEY, algorithm, Duration.ofMinutes(15)));

			assertThat(refusal).hasMessageContaining("ALGORITHM");
		}

		@Test
		void acceptsTheAlgorithmInAnyCase() {
			assertThat(tokens(GOOD_KEY, " hs512 ", Duration.ofMinutes(15)).algorithm()).isEqualTo("HS512");
		}

		@ParameterizedTest(name = "ACCESS_TOKEN_EXPIRE_MINUTES={0}")
		@ValueSource(longs = { 0, -1, -15 })
		void refusesANonPositiveAccessTokenLifetime(long minutes) {
			InvalidConfiguration refusal = refusal(() -> tokens(GOOD_KEY, "HS256", Duration.ofMinutes(minutes)));

			assertThat(refusal).hasMessageContaining("ACCESS_TOKEN_EXPIRE_MINUTES");
		}

		@Test
		void neverShowsTheSecretKeyWhenPrinted() {
			assertThat(tokens(GOOD_KEY, "HS256", Duration.ofMinutes(15))).asString().doesNotContain(GOOD_KEY);
		}

		private static LatchkeyProperties.Tokens tokens(String secretKey, String algorithm, Duration access) {
			return new LatchkeyProperties.Tokens(secretKey, algorithm, access, Duration.ofSeconds(30), "latchkey");
		}

	}

	private static InvalidConfiguration refusal(Runnable construction) {
		InvalidConfiguration refusal = catchThrowableOfType(InvalidConfiguration.class, construction::run);
		assertThat(refusal).as("an InvalidConfiguration").isNotNull();
		assertThat(refusal.getMessage()).as("one sentence").isNotBlank().doesNotContain("\n");
		return refusal;
	}

}
