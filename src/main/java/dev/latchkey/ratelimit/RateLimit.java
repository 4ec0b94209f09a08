package dev.latchkey.ratelimit;

import java.util.Locale;
import java.util.function.Function;

import dev.latchkey.config.LatchkeyProperties;

/** The limits Latchkey enforces, each on one kind of subject. */
public enum RateLimit {

	/** Wrong passwords for one account, whoever sends them. */
	LOGIN_FAILURES_PER_ACCOUNT(LatchkeyProperties.RateLimits::loginFailuresPerAccount),

	/** Wrong passwords from one client address, whatever the account. */
	LOGIN_FAILURES_PER_ADDRESS(LatchkeyProperties.RateLimits::loginFailuresPerAddress),

	REGISTRATIONS_PER_ADDRESS(LatchkeyProperties.RateLimits::registrationsPerAddress),

	REFRESHES_PER_SESSION(LatchkeyProperties.RateLimits::refreshesPerSession);

	private final Function<LatchkeyProperties.RateLimits, LatchkeyProperties.Limit> setting;

	RateLimit(Function<LatchkeyProperties.RateLimits, LatchkeyProperties.Limit> setting) {
		this.setting = setting;
	}

	LatchkeyProperties.Limit limitIn(LatchkeyProperties.RateLimits settings) {
		return this.setting.apply(settings);
	}

	/** The name in metrics and logs, such as login_failures_per_account. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
