package dev.latchkey.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.latchkey.config.LatchkeyProperties;

/**
 * LatchkeyProperties with the documented defaults, for unit tests that vary one setting:
 * {@code TestSettings.defaults().withTrustedProxies("10.0.0.0/8").build()}. A new setting
 * changes this class only.
 */
public final class TestSettings {

	private LatchkeyProperties.Tokens tokens = new LatchkeyProperties.Tokens(IntegrationTest.SECRET_KEY, "HS256",
			Duration.ofMinutes(15), Duration.ofDays(7), Duration.ofDays(30), Duration.ofSeconds(10),
			Duration.ofSeconds(30), "latchkey", Duration.ofHours(1), 50);

	private LatchkeyProperties.Cookies cookies = new LatchkeyProperties.Cookies(true, "lax", "");

	private LatchkeyProperties.Passwords passwords = new LatchkeyProperties.Passwords(19456, 2, 1, 8, 0, 64,
			Duration.ofSeconds(5));

	private List<String> trustedProxies = List.of();

	private TestSettings() {
	}

	public static TestSettings defaults() {
		return new TestSettings();
	}

	public TestSettings withSecretKey(String secretKey) {
		LatchkeyProperties.Tokens t = this.tokens;
		this.tokens = new LatchkeyProperties.Tokens(secretKey, t.algorithm(), t.accessTokenLifetime(),
				t.refreshTokenLifetime(), t.sessionMaxAge(), t.refreshReuseGrace(), t.clockSkew(), t.issuer(),
				t.cleanupInterval(), t.maxSessionsPerUser());
		return this;
	}

	public TestSettings withCookies(LatchkeyProperties.Cookies cookies) {
		this.cookies = cookies;
		return this;
	}

	public TestSettings withPasswords(LatchkeyProperties.Passwords passwords) {
		this.passwords = passwords;
		return this;
	}

	public TestSettings withTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
		return this;
	}

	public LatchkeyProperties build() {
		return new LatchkeyProperties(new LatchkeyProperties.Database("", Path.of(".data")), this.tokens, this.cookies,
				new LatchkeyProperties.Cors(List.of("http://localhost:3000")), this.passwords,
				new LatchkeyProperties.RateLimits(false, "300/15m", "10/15m", "10/15m", "100/15m", "100/15m", "60/1h",
						"60/1h"),
				new LatchkeyProperties.Network(this.trustedProxies));
	}

}
