package dev.latchkey.users;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.latchkey.config.InvalidConfiguration.require;

/**
 * How passwords are hashed and how long a new one must be, checked when they are bound so
 * that a bad value stops startup with one sentence naming the variable.
 *
 * @param memoryCost ARGON2_MEMORY_COST in KiB
 * @param timeCost ARGON2_TIME_COST, the number of iterations
 * @param parallelism ARGON2_PARALLELISM, lanes per hash
 * @param minLength PASSWORD_MIN_LENGTH
 * @param hashingThreads PASSWORD_HASHING_THREADS; 0 means one per CPU
 * @param hashingQueue PASSWORD_HASHING_QUEUE, hashes that may wait for a thread
 * @param hashingMaxWait PASSWORD_HASHING_MAX_WAIT before a waiting request gets 503
 */
@ConfigurationProperties("latchkey.passwords")
public record PasswordSettings(int memoryCost, int timeCost, int parallelism, int minLength, int hashingThreads,
		int hashingQueue, Duration hashingMaxWait) {

	/** The longest password accepted, whatever PASSWORD_MIN_LENGTH says. */
	public static final int MAX_LENGTH = 128;

	public PasswordSettings {
		require(parallelism >= 1, "ARGON2_PARALLELISM must be at least 1.");
		require(memoryCost >= 8 * parallelism,
				"ARGON2_MEMORY_COST must be at least 8 KiB per lane of ARGON2_PARALLELISM.");
		require(timeCost >= 1, "ARGON2_TIME_COST must be at least 1.");
		require(minLength >= 1 && minLength <= MAX_LENGTH,
				"PASSWORD_MIN_LENGTH must be between 1 and " + MAX_LENGTH + ".");
		require(hashingThreads >= 0, "PASSWORD_HASHING_THREADS must be 0 (one per CPU) or more.");
		require(hashingQueue >= 0, "PASSWORD_HASHING_QUEUE must not be negative.");
		require(hashingMaxWait.isPositive(), "PASSWORD_HASHING_MAX_WAIT must be a positive duration.");
	}

	/** The size of the hashing pool: PASSWORD_HASHING_THREADS, or one per CPU for 0. */
	public int effectiveHashingThreads() {
		return (this.hashingThreads > 0) ? this.hashingThreads : Runtime.getRuntime().availableProcessors();
	}

}
