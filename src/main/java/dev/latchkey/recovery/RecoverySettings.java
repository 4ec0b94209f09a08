package dev.latchkey.recovery;

import static dev.latchkey.config.InvalidConfiguration.require;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * How long mailed tokens live, where their links lead, and whether sign-in needs a
 * verified address; checked when bound, so that a bad value stops startup with one
 * sentence naming the variable.
 *
 * @param resetTokenLifetime RESET_TOKEN_EXPIRE_MINUTES
 * @param verifyTokenLifetime VERIFY_TOKEN_EXPIRE_HOURS, for verification and email-change
 * tokens
 * @param requireEmailVerification REQUIRE_EMAIL_VERIFICATION: when true, an account that
 * has not proved its address cannot sign in
 * @param frontendUrl FRONTEND_URL, the origin (and optional path) that links in mails
 * lead to: {@code {FRONTEND_URL}/reset-password#token=…}
 * @param cleanupInterval TOKEN_CLEANUP_INTERVAL between deletions of expired tokens
 */
@ConfigurationProperties("latchkey.recovery")
public record RecoverySettings(@DurationUnit(ChronoUnit.MINUTES) Duration resetTokenLifetime,
		@DurationUnit(ChronoUnit.HOURS) Duration verifyTokenLifetime, boolean requireEmailVerification,
		String frontendUrl, Duration cleanupInterval) {

	public RecoverySettings {
		require(resetTokenLifetime.isPositive(), "RESET_TOKEN_EXPIRE_MINUTES must be a positive number of minutes.");
		require(verifyTokenLifetime.isPositive(), "VERIFY_TOKEN_EXPIRE_HOURS must be a positive number of hours.");
		require(cleanupInterval.isPositive(), "TOKEN_CLEANUP_INTERVAL must be a positive duration such as PT1H.");
		frontendUrl = frontendUrl.strip();
		while (frontendUrl.endsWith("/")) {
			frontendUrl = frontendUrl.substring(0, frontendUrl.length() - 1);
		}
		require(isWebAddress(frontendUrl), "FRONTEND_URL must be an http or https address such as "
				+ "https://app.example.com (got '" + frontendUrl + "').");
	}

	/**
	 * The link a mail carries: the token in the fragment, which no server ever receives.
	 */
	String link(String page, String token) {
		return this.frontendUrl + "/" + page + "#token=" + token;
	}

	private static boolean isWebAddress(String value) {
		try {
			URI uri = new URI(value);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
					&& uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null;
		}
		catch (java.net.URISyntaxException ex) {
			return false;
		}
	}

}
