package dev.latchkey.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.latchkey.config.LatchkeyProperties;
import dev.latchkey.support.IntegrationTest;

/**
 * LatchkeyProperties with the documented defaults, for unit tests that vary one setting.
 */
final class TestProperties {

	private TestProperties() {
	}

	static LatchkeyProperties with(LatchkeyProperties.Cookies cookies) {
		return with(IntegrationTest.SECRET_KEY, cookies);
	}

	static LatchkeyProperties with(String secretKey, LatchkeyProperties.Cookies cookies) {
		return new LatchkeyProperties(new LatchkeyProperties.Database("", Path.of(".data")),
				new LatchkeyProperties.Tokens(secretKey, "HS256", Duration.ofMinutes(15), Duration.ofDays(7),
						Duration.ofDays(30), Duration.ofSeconds(10), Duration.ofSeconds(30), "latchkey",
						Duration.ofHours(1), 50),
				cookies, new LatchkeyProperties.Cors(List.of("http://localhost:3000")),
				new LatchkeyProperties.Passwords(19456, 2, 1, 8, 0, 64, Duration.ofSeconds(5)),
				new LatchkeyProperties.RateLimits(false, "300/15m", "10/15m", "10/15m", "100/15m", "100/15m", "60/1h",
						"60/1h"),
				new LatchkeyProperties.Network(List.of()));
	}

}
