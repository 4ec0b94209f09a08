package dev.latchkey.config;

import static dev.latchkey.config.InvalidConfiguration.require;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Every setting Latchkey reads, bound from the template's environment variable names in
 * {@code application.yml}. Each record checks its values when it is bound, so a bad value
 * stops startup with one sentence naming the variable instead of failing on a request.
 */
@ConfigurationProperties("latchkey")
public record LatchkeyProperties(Database database, Tokens tokens) {

	/**
	 * @param url DATABASE_URL; blank means the embedded PostgreSQL under {@code dataDir}
	 * @param dataDir DATA_DIR, where zero-setup mode keeps its database and generated key
	 */
	public record Database(String url, Path dataDir) {

		public boolean embedded() {
			return this.url.isBlank();
		}

	}

	/**
	 * @param secretKey SECRET_KEY; blank is only allowed with the embedded database
	 * @param algorithm ALGORITHM, an HMAC JWS algorithm
	 * @param accessTokenLifetime ACCESS_TOKEN_EXPIRE_MINUTES
	 * @param clockSkew JWT_CLOCK_SKEW_SECONDS tolerated when checking {@code exp}
	 * @param issuer JWT_ISSUER, the {@code iss} claim written and required
	 */
	public record Tokens(String secretKey, String algorithm,
			@DurationUnit(ChronoUnit.MINUTES) Duration accessTokenLifetime,
			@DurationUnit(ChronoUnit.SECONDS) Duration clockSkew, String issuer) {

		/** The HMAC algorithms and the key length, in bytes, that each needs. */
		private static final Map<String, Integer> MINIMUM_KEY_BYTES = Map.of("HS256", 32, "HS384", 48, "HS512", 64);

		public Tokens {
			algorithm = algorithm.strip().toUpperCase(Locale.ROOT);
			require(MINIMUM_KEY_BYTES.containsKey(algorithm),
					"ALGORITHM must be HS256, HS384 or HS512 (got '" + algorithm + "').");
			require(accessTokenLifetime.isPositive(),
					"ACCESS_TOKEN_EXPIRE_MINUTES must be a positive number of minutes.");
			require(!clockSkew.isNegative(), "JWT_CLOCK_SKEW_SECONDS must not be negative.");
			require(!issuer.isBlank(), "JWT_ISSUER must not be blank.");
			if (!secretKey.isBlank()) {
				requireStrongEnough(secretKey, algorithm);
			}
		}

		/** Checks a configured or generated key against what {@code algorithm} needs. */
		public static void requireStrongEnough(String secretKey, String algorithm) {
			int minimum = MINIMUM_KEY_BYTES.get(algorithm);
			require(secretKey.length() >= minimum, "SECRET_KEY must be at least " + minimum + " characters long for "
					+ algorithm + " (it has " + secretKey.length() + "); generate one with: openssl rand -base64 48");
		}

		@Override
		public String toString() {
			return "Tokens[algorithm=" + this.algorithm + ", accessTokenLifetime=" + this.accessTokenLifetime + "]";
		}

	}

}
