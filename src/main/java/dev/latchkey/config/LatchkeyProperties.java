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
	 * @param refreshTokenLifetime REFRESH_TOKEN_EXPIRE_DAYS
	 * @param refreshReuseGrace REFRESH_REUSE_GRACE_SECONDS: how long a rotated refresh
	 * token still refreshes its session, so that tabs racing to refresh are not logged
	 * out
	 * @param clockSkew JWT_CLOCK_SKEW_SECONDS tolerated when checking {@code exp}
	 * @param issuer JWT_ISSUER, the {@code iss} claim written and required
	 * @param cleanupInterval TOKEN_CLEANUP_INTERVAL between deletions of dead sessions
	 * @param sessionMaxAge SESSION_MAX_AGE_DAYS: no session outlives its login by more,
	 * however often it is refreshed (OWASP ASVS 5.0 7.3.2)
	 * @param maxSessionsPerUser MAX_SESSIONS_PER_USER: a login beyond it ends the user's
	 * least recently used session
	 */
	public record Tokens(String secretKey, String algorithm,
			@DurationUnit(ChronoUnit.MINUTES) Duration accessTokenLifetime,
			@DurationUnit(ChronoUnit.DAYS) Duration refreshTokenLifetime,
			@DurationUnit(ChronoUnit.DAYS) Duration sessionMaxAge,
			@DurationUnit(ChronoUnit.SECONDS) Duration refreshReuseGrace,
			@DurationUnit(ChronoUnit.SECONDS) Duration clockSkew, String issuer, Duration cleanupInterval,
			int maxSessionsPerUser) {

		/** The HMAC algorithms and the key length, in bytes, that each needs. */
		private static final Map<String, Integer> MINIMUM_KEY_BYTES = Map.of("HS256", 32, "HS384", 48, "HS512", 64);

		public Tokens {
			algorithm = algorithm.strip().toUpperCase(Locale.ROOT);
			require(MINIMUM_KEY_BYTES.containsKey(algorithm),
					"ALGORITHM must be HS256, HS384 or HS512 (got '" + algorithm + "').");
			require(accessTokenLifetime.isPositive(),
					"ACCESS_TOKEN_EXPIRE_MINUTES must be a positive number of minutes.");
			require(refreshTokenLifetime.isPositive(), "REFRESH_TOKEN_EXPIRE_DAYS must be a positive number of days.");
			require(sessionMaxAge.isPositive(), "SESSION_MAX_AGE_DAYS must be a positive number of days.");
			require(refreshTokenLifetime.compareTo(accessTokenLifetime) > 0,
					"REFRESH_TOKEN_EXPIRE_DAYS must give refresh tokens a longer life than ACCESS_TOKEN_EXPIRE_MINUTES.");
			require(!refreshReuseGrace.isNegative(), "REFRESH_REUSE_GRACE_SECONDS must not be negative.");
			require(!clockSkew.isNegative(), "JWT_CLOCK_SKEW_SECONDS must not be negative.");
			require(cleanupInterval.isPositive(), "TOKEN_CLEANUP_INTERVAL must be a positive duration such as PT1H.");
			require(!issuer.isBlank(), "JWT_ISSUER must not be blank.");
			require(maxSessionsPerUser >= 1, "MAX_SESSIONS_PER_USER must be at least 1.");
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
			return "Tokens[algorithm=" + this.algorithm + ", accessTokenLifetime=" + this.accessTokenLifetime
					+ ", refreshTokenLifetime=" + this.refreshTokenLifetime + ", sessionMaxAge=" + this.sessionMaxAge
					+ ", maxSessionsPerUser=" + this.maxSessionsPerUser + "]";
		}

	}

}
