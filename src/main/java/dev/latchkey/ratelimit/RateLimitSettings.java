package dev.latchkey.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import static dev.latchkey.config.InvalidConfiguration.require;

/**
 * Abuse limits, kept in PostgreSQL so that every instance enforces the same ones. Each is
 * a count per period, written like {@code 10/15m}. Login failures are judged so that
 * failures from elsewhere never stop an account's owner: strictly per account and client
 * address together, per trusted device (a device cookie from an earlier successful
 * login), and only loosely per account alone. Checked when they are bound, so that a bad
 * value stops startup with one sentence naming the variable.
 *
 * @param enabled RATE_LIMITS_ENABLED; false switches every limit off (for load tests)
 * @param loginsPerAddress RATE_LIMIT_LOGINS_PER_ADDRESS: every login attempt from one
 * address, successful or not
 * @param loginFailuresPerAccountAndAddress
 * RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: wrong passwords for one account from
 * one address (an IPv6 /64)
 * @param loginFailuresPerDevice RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE: wrong passwords
 * from a trusted device, or in a signed-in session
 * @param loginFailuresPerAccount RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: wrong passwords
 * for one account from untrusted devices anywhere, against guessing spread over many
 * addresses
 * @param loginFailuresPerAddress RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS: wrong passwords
 * from one address, whatever the account
 * @param registrationsPerAddress RATE_LIMIT_REGISTRATIONS_PER_ADDRESS
 * @param refreshesPerSession RATE_LIMIT_REFRESHES_PER_SESSION
 * @param mailRequestsPerEmail RATE_LIMIT_MAIL_REQUESTS_PER_EMAIL: reset, verification and
 * email-change mails asked for one address, whether or not an account has it
 * @param mailRequestsPerAddress RATE_LIMIT_MAIL_REQUESTS_PER_ADDRESS: such mails asked
 * for from one client address
 * @param tokenFailuresPerAddress RATE_LIMIT_TOKEN_FAILURES_PER_ADDRESS: wrong or expired
 * mailed tokens presented from one client address
 * @param cleanupInterval TOKEN_CLEANUP_INTERVAL between deletions of the rows of buckets
 * that are full again
 */
@ConfigurationProperties("latchkey.rate-limits")
public record RateLimitSettings(boolean enabled, Limit loginsPerAddress, Limit loginFailuresPerAccountAndAddress,
		Limit loginFailuresPerDevice, Limit loginFailuresPerAccount, Limit loginFailuresPerAddress,
		Limit registrationsPerAddress, Limit refreshesPerSession, Limit mailRequestsPerEmail,
		Limit mailRequestsPerAddress, Limit tokenFailuresPerAddress, Duration cleanupInterval) {

	public RateLimitSettings {
		require(cleanupInterval.isPositive(), "TOKEN_CLEANUP_INTERVAL must be a positive duration such as PT1H.");
	}

	/**
	 * Binds the limits as written, so that a bad one is refused with its variable's name.
	 */
	@ConstructorBinding
	public RateLimitSettings(boolean enabled, String loginsPerAddress, String loginFailuresPerAccountAndAddress,
			String loginFailuresPerDevice, String loginFailuresPerAccount, String loginFailuresPerAddress,
			String registrationsPerAddress, String refreshesPerSession, String mailRequestsPerEmail,
			String mailRequestsPerAddress, String tokenFailuresPerAddress, Duration cleanupInterval) {
		this(enabled, Limit.parse("RATE_LIMIT_LOGINS_PER_ADDRESS", loginsPerAddress),
				Limit.parse("RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", loginFailuresPerAccountAndAddress),
				Limit.parse("RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE", loginFailuresPerDevice),
				Limit.parse("RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT", loginFailuresPerAccount),
				Limit.parse("RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS", loginFailuresPerAddress),
				Limit.parse("RATE_LIMIT_REGISTRATIONS_PER_ADDRESS", registrationsPerAddress),
				Limit.parse("RATE_LIMIT_REFRESHES_PER_SESSION", refreshesPerSession),
				Limit.parse("RATE_LIMIT_MAIL_REQUESTS_PER_EMAIL", mailRequestsPerEmail),
				Limit.parse("RATE_LIMIT_MAIL_REQUESTS_PER_ADDRESS", mailRequestsPerAddress),
				Limit.parse("RATE_LIMIT_TOKEN_FAILURES_PER_ADDRESS", tokenFailuresPerAddress), cleanupInterval);
	}

}
