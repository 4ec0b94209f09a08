package dev.latchkey.ratelimit;

import java.util.Locale;
import java.util.function.Function;

import dev.latchkey.config.LatchkeyProperties;

/** The limits Latchkey enforces, each on one kind of subject. */
public enum RateLimit {

	/** Every login attempt from one client address, successful or not. */
	LOGINS_PER_ADDRESS(LatchkeyProperties.RateLimits::loginsPerAddress),

	/**
	 * Wrong passwords for one account from one client address: the strict limit, which a
	 * guesser elsewhere cannot use to lock the owner out.
	 */
	LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS(LatchkeyProperties.RateLimits::loginFailuresPerAccountAndAddress),

	/**
	 * Wrong passwords from a device that signed in to the account before (its device
	 * cookie), or within a signed-in session: judged by its own bucket alone.
	 */
	LOGIN_FAILURES_PER_DEVICE(LatchkeyProperties.RateLimits::loginFailuresPerDevice),

	/**
	 * Wrong passwords for one account from untrusted devices, whoever sends them: loose,
	 * against guessing spread over many addresses.
	 */
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
