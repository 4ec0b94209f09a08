package dev.latchkey.tokens;

import static dev.latchkey.config.InvalidConfiguration.require;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * How access tokens are signed and how long they live, checked when they are bound so
 * that a bad value stops startup with one sentence naming the variable.
 *
 * @param algorithm ALGORITHM, an HMAC JWS algorithm
 * @param lifetime ACCESS_TOKEN_EXPIRE_MINUTES
 * @param clockSkew JWT_CLOCK_SKEW_SECONDS tolerated when checking {@code exp}
 * @param issuer JWT_ISSUER, the {@code iss} claim written and required
 * @param cacheSize ACCESS_TOKEN_CACHE_SIZE: how many verified tokens each instance
 * remembers, so that the same token is not parsed and its signature checked again on
 * every request (0: none)
 */
@ConfigurationProperties("latchkey.access-tokens")
public record AccessTokenSettings(String algorithm, @DurationUnit(ChronoUnit.MINUTES) Duration lifetime,
		@DurationUnit(ChronoUnit.SECONDS) Duration clockSkew, String issuer, int cacheSize) {

	/** The HMAC algorithms and the key length, in bytes, that each needs. */
	private static final Map<String, Integer> MINIMUM_KEY_BYTES = Map.of("HS256", 32, "HS384", 48, "HS512", 64);

	public AccessTokenSettings {
		algorithm = algorithm.strip().toUpperCase(Locale.ROOT);
		require(MINIMUM_KEY_BYTES.containsKey(algorithm),
				"ALGORITHM must be HS256, HS384 or HS512 (got '" + algorithm + "').");
		require(lifetime.isPositive(), "ACCESS_TOKEN_EXPIRE_MINUTES must be a positive number of minutes.");
		require(!clockSkew.isNegative(), "JWT_CLOCK_SKEW_SECONDS must not be negative.");
		require(!issuer.isBlank(), "JWT_ISSUER must not be blank.");
		require(cacheSize >= 0, "ACCESS_TOKEN_CACHE_SIZE must be 0 (no cache) or more.");
	}

	/**
	 * Checks the signing key, configured or generated, against what the algorithm needs.
	 * The refusal names the lengths, never the key.
	 */
	void requireStrongEnough(byte[] signingKey) {
		int minimum = MINIMUM_KEY_BYTES.get(this.algorithm);
		require(signingKey.length >= minimum, "SECRET_KEY must be at least " + minimum + " characters long for "
				+ this.algorithm + " (it has " + signingKey.length + "); generate one with: openssl rand -base64 48");
	}

}
