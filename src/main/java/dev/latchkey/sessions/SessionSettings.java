package dev.latchkey.sessions;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

import static dev.latchkey.config.InvalidConfiguration.require;

/**
 * How long sessions and their refresh tokens live and how many a user may hold, checked
 * when they are bound so that a bad value stops startup with one sentence naming the
 * variable.
 *
 * @param refreshTokenLifetime REFRESH_TOKEN_EXPIRE_DAYS: a session not refreshed for that
 * long ends
 * @param maxAge SESSION_MAX_AGE_DAYS: no session outlives its login by more, however
 * often it is refreshed
 * @param refreshReuseGrace REFRESH_REUSE_GRACE_SECONDS: how long a rotated refresh token
 * still refreshes its session, so that tabs racing to refresh are not logged out
 * @param cleanupInterval TOKEN_CLEANUP_INTERVAL between deletions of dead sessions
 * @param maxSessionsPerUser MAX_SESSIONS_PER_USER: a login beyond it ends the user's
 * least recently used session
 * @param cacheSize SESSION_CACHE_SIZE: how many sessions each instance remembers the
 * live-session check of (0: none, every authenticated request asks the database)
 * @param cacheHeartbeat SESSION_CACHE_HEARTBEAT: how often an instance checks that change
 * notifications still reach it; three missed in a row and it stops trusting what it
 * remembers
 */
@ConfigurationProperties("latchkey.sessions")
public record SessionSettings(@DurationUnit(ChronoUnit.DAYS) Duration refreshTokenLifetime,
		@DurationUnit(ChronoUnit.DAYS) Duration maxAge, @DurationUnit(ChronoUnit.SECONDS) Duration refreshReuseGrace,
		Duration cleanupInterval, int maxSessionsPerUser, int cacheSize, Duration cacheHeartbeat) {

	public SessionSettings {
		require(refreshTokenLifetime.isPositive(), "REFRESH_TOKEN_EXPIRE_DAYS must be a positive number of days.");
		require(maxAge.isPositive(), "SESSION_MAX_AGE_DAYS must be a positive number of days.");
		require(!refreshReuseGrace.isNegative(), "REFRESH_REUSE_GRACE_SECONDS must not be negative.");
		require(cleanupInterval.isPositive(), "TOKEN_CLEANUP_INTERVAL must be a positive duration such as PT1H.");
		require(maxSessionsPerUser >= 1, "MAX_SESSIONS_PER_USER must be at least 1.");
		require(cacheSize >= 0, "SESSION_CACHE_SIZE must be 0 (no cache) or more.");
		require(cacheHeartbeat.compareTo(Duration.ofMillis(100)) >= 0
				&& cacheHeartbeat.compareTo(Duration.ofMinutes(1)) <= 0,
				"SESSION_CACHE_HEARTBEAT must be a duration from PT0.1S to PT1M, such as PT1S.");
	}

}
