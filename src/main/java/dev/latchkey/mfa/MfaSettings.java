package dev.latchkey.mfa;

import static dev.latchkey.config.InvalidConfiguration.require;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * How the second factor is kept and asked for; checked when bound, so that a bad value
 * stops startup with one sentence naming the variable.
 *
 * @param stepUpMaxAge STEP_UP_MAX_AGE_MINUTES: how long after a second factor was proved
 * for a session its sensitive changes are allowed without proving it again
 * @param encryptionKey MFA_ENCRYPTION_KEY, at least 32 characters, whose SHA-256 is the
 * AES key of TOTP secrets; blank derives that key from SECRET_KEY. Set it to keep TOTP
 * secrets readable across a change of SECRET_KEY, or apart from it
 * @param cleanupInterval TOKEN_CLEANUP_INTERVAL between deletions of expired challenges
 */
@ConfigurationProperties("latchkey.mfa")
public record MfaSettings(@DurationUnit(ChronoUnit.MINUTES) Duration stepUpMaxAge, String encryptionKey,
		Duration cleanupInterval) {

	public MfaSettings {
		require(stepUpMaxAge.isPositive(), "STEP_UP_MAX_AGE_MINUTES must be a positive number of minutes.");
		require(cleanupInterval.isPositive(), "TOKEN_CLEANUP_INTERVAL must be a positive duration such as PT1H.");
		encryptionKey = encryptionKey.strip();
		require(encryptionKey.isEmpty() || encryptionKey.length() >= 32,
				"MFA_ENCRYPTION_KEY must be at least 32 characters long (it has " + encryptionKey.length()
						+ "), or unset to derive the key from SECRET_KEY.");
	}

	@Override
	public String toString() {
		return "MfaSettings[stepUpMaxAge=" + this.stepUpMaxAge + ", encryptionKey=****]";
	}

}
