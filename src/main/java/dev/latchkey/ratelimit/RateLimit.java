package dev.latchkey.ratelimit;

import java.util.Locale;
import java.util.function.Function;

/** The limits Latchkey enforces, each on one kind of subject. */
public enum RateLimit {

	/** Every login attempt from one client address, successful or not. */
	LOGINS_PER_ADDRESS(RateLimitSettings::loginsPerAddress),

	/**
	 * Wrong passwords for one account from one client address: the strict limit, which a
	 * guesser elsewhere cannot use to lock the owner out.
	 */
	LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS(RateLimitSettings::loginFailuresPerAccountAndAddress),

	/**
	 * Wrong passwords from a device that signed in to the account before (its device
	 * cookie), or within a signed-in session: judged by its own bucket alone.
	 */
	LOGIN_FAILURES_PER_DEVICE(RateLimitSettings::loginFailuresPerDevice),

	/**
	 * Wrong passwords for one account from untrusted devices, whoever sends them: loose,
	 * against guessing spread over many addresses.
	 */
	LOGIN_FAILURES_PER_ACCOUNT(RateLimitSettings::loginFailuresPerAccount),

	/** Wrong passwords from one client address, whatever the account. */
	LOGIN_FAILURES_PER_ADDRESS(RateLimitSettings::loginFailuresPerAddress),

	REGISTRATIONS_PER_ADDRESS(RateLimitSettings::registrationsPerAddress),

	REFRESHES_PER_SESSION(RateLimitSettings::refreshesPerSession),

	/**
	 * Mails asked for one address (a reset link, a verification link, an email change),
	 * counted whether or not an account has it, so that the answer says nothing.
	 */
	MAIL_REQUESTS_PER_EMAIL(RateLimitSettings::mailRequestsPerEmail),

	/** Mails asked for from one client address, whatever the address they go to. */
	MAIL_REQUESTS_PER_ADDRESS(RateLimitSettings::mailRequestsPerAddress),

	/**
	 * Mailed tokens that were wrong or expired, from one client address: against
	 * guessing.
	 */
	TOKEN_FAILURES_PER_ADDRESS(RateLimitSettings::tokenFailuresPerAddress);

	private final Function<RateLimitSettings, Limit> setting;

	RateLimit(Function<RateLimitSettings, Limit> setting) {
		this.setting = setting;
	}

	Limit limitIn(RateLimitSettings settings) {
		return this.setting.apply(settings);
	}

	/** The name in metrics and logs, such as login_failures_per_account. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
