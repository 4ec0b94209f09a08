package dev.latchkey.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.latchkey.config.DatabaseSettings;
import dev.latchkey.config.SecretSettings;
import dev.latchkey.config.ServerSecret;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TestSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The memory of verified access tokens: bounded by ACCESS_TOKEN_CACHE_SIZE, and never a
 * way around a token's expiry.
 */
@DisplayName("Verified access tokens remembered")
class VerifiedTokenCacheTest {

	private final MutableClock clock = new MutableClock();

	@Test
	@DisplayName("a remembered token is refused as expired once its exp has passed, skew included")
	void rememberedTokenStillExpires() {
		this.clock.pause();
		AccessTokens tokens = accessTokens(TestSettings.defaults());
		String token = issue(tokens);
		assertThat(tokens.verify(token).userId()).isNotNull();
		assertThat(tokens.rememberedTokens()).isOne();

		// ACCESS_TOKEN_EXPIRE_MINUTES=15 and JWT_CLOCK_SKEW_SECONDS=30 by default.
		this.clock.advance(Duration.ofMinutes(15).plusSeconds(29));
		assertThat(tokens.verify(token).userId()).isNotNull();
		this.clock.advance(Duration.ofSeconds(2));
		assertThatExceptionOfType(AccessTokenRejected.Expired.class).isThrownBy(() -> tokens.verify(token));
	}

	@Test
	@DisplayName("no more tokens are remembered than ACCESS_TOKEN_CACHE_SIZE, and each still verifies")
	void rememberedTokensAreBounded() {
		AccessTokens tokens = accessTokens(TestSettings.defaults().with("ACCESS_TOKEN_CACHE_SIZE", "10"));
		List<String> issued = IntStream.range(0, 100).mapToObj((i) -> issue(tokens)).toList();
		issued.forEach(tokens::verify);

		assertThat(tokens.rememberedTokens()).isLessThanOrEqualTo(10);
		issued.forEach((token) -> assertThat(tokens.verify(token).sessionId()).isNotNull());
	}

	@Test
	@DisplayName("ACCESS_TOKEN_CACHE_SIZE=0 remembers none and verifies as before")
	void sizeZeroRemembersNothing() {
		AccessTokens tokens = accessTokens(TestSettings.defaults().with("ACCESS_TOKEN_CACHE_SIZE", "0"));
		String token = issue(tokens);

		assertThat(tokens.verify(token)).isEqualTo(tokens.verify(token));
		assertThat(tokens.rememberedTokens()).isZero();
	}

	private String issue(AccessTokens tokens) {
		return tokens.issue(UUID.randomUUID(), UUID.randomUUID(), List.of("pwd"), Instant.now()).value();
	}

	private AccessTokens accessTokens(TestSettings settings) {
		ServerSecret secret = new ServerSecret(settings.bind(SecretSettings.class),
				settings.bind(DatabaseSettings.class));
		return new AccessTokens(settings.bind(AccessTokenSettings.class), secret, this.clock,
				new SimpleMeterRegistry());
	}

}
