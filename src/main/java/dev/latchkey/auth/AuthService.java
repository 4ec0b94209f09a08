package dev.latchkey.auth;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.latchkey.failures.Failure;
import dev.latchkey.ratelimit.RateLimit;
import dev.latchkey.ratelimit.RateLimiter;
import dev.latchkey.ratelimit.RateLimiter.Subject;
import dev.latchkey.auth.SignInResult.SignedIn;
import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.sessions.PresentedRefreshToken;
import dev.latchkey.sessions.RefreshTokenRejected;
import dev.latchkey.sessions.RevocationReason;
import dev.latchkey.sessions.SessionService;
import dev.latchkey.sessions.SessionService.IssuedRefreshToken;
import dev.latchkey.sessions.SignInFactors;
import dev.latchkey.tokens.AccessTokens;
import dev.latchkey.users.AuthenticatedUser;
import dev.latchkey.users.Emails;
import dev.latchkey.users.UserService;

/**
 * Signing in, refreshing and signing out: what the /auth endpoints do, without the HTTP.
 */
@Service
class AuthService {

	private final UserService users;

	private final SessionService sessions;

	private final AccessTokens accessTokens;

	private final TrustedDevices devices;

	private final RateLimiter limiter;

	private final ApplicationEventPublisher events;

	private final SignInCompletion completion;

	private final Clock clock;

	AuthService(UserService users, SessionService sessions, AccessTokens accessTokens, TrustedDevices devices,
			RateLimiter limiter, ApplicationEventPublisher events, SignInCompletion completion, Clock clock) {
		this.users = users;
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.devices = devices;
		this.limiter = limiter;
		this.events = events;
		this.completion = completion;
		this.clock = clock;
	}

	/**
	 * Checks the credentials, then lets {@link SignInCompletion#signIn} ask the
	 * {@link SignInStep}s and open the session. Every attempt counts against the
	 * address's logins; only wrong passwords count against the failure limits (an attempt
	 * is taken before the check and given back unless the password was wrong). A device
	 * that signed in to this account before ({@code deviceToken}) is judged by its own
	 * failures alone; any other by the account and address together, the address, and
	 * loosely the account.
	 */
	SignInResult login(String email, String password, @Nullable String deviceToken, ClientInfo client) {
		String account = Emails.normalize(email);
		Optional<String> device = (deviceToken != null) ? this.devices.recognise(deviceToken, account)
				: Optional.empty();
		AuthenticatedUser user;
		try {
			this.limiter.consume(client.ip(), Subject.address(RateLimit.LOGINS_PER_ADDRESS, client.ip()));
			RateLimiter.Attempts failures = this.limiter.consume(client.ip(), failureSubjects(account, device, client));
			user = authenticate(email, password, failures);
		}
		catch (Failure ex) {
			this.events.publishEvent(new LoginFailed(ex.code(), client.ip()));
			throw ex;
		}
		return this.completion.signIn(user, SignInFactors.password(this.clock.instant()), client);
	}

	private AuthenticatedUser authenticate(String email, String password, RateLimiter.Attempts failures) {
		try {
			AuthenticatedUser user = this.users.authenticate(email, password);
			failures.refund();
			return user;
		}
		catch (UserService.InvalidCredentials ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// A disabled account (the password was right), overloaded hashing (503) or an
			// outage: none of them is a wrong password.
			failures.refund();
			throw ex;
		}
	}

	private static Subject[] failureSubjects(String account, Optional<String> device, ClientInfo client) {
		if (device.isPresent()) {
			return new Subject[] { new Subject(RateLimit.LOGIN_FAILURES_PER_DEVICE, device.get()) };
		}
		return new Subject[] {
				Subject.accountAndAddress(RateLimit.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS, account, client.ip()),
				Subject.address(RateLimit.LOGIN_FAILURES_PER_ADDRESS, client.ip()),
				new Subject(RateLimit.LOGIN_FAILURES_PER_ACCOUNT, account) };
	}

	/**
	 * Exchanges a refresh token for a new pair: the token's MAC is checked once, then the
	 * session's own transaction judges, checks the user and rotates
	 * ({@link SessionService#refresh}).
	 * @throws RefreshTokenRejected when the token cannot be exchanged, with the reason
	 */
	SignedIn refresh(@Nullable String refreshToken, ClientInfo client) {
		try {
			SignedIn signedIn = rotate(refreshToken, client);
			this.events.publishEvent(new RefreshAttempted("rotated"));
			return signedIn;
		}
		catch (Failure ex) {
			this.events.publishEvent(new RefreshAttempted(ex.code()));
			throw ex;
		}
	}

	/**
	 * The per-session limit is taken before the rotation's transaction, and only for a
	 * refresh that would succeed: a refused one, reuse above all, is never hidden behind
	 * a 429. Taking it inside would hold the session's pooled connection while the
	 * limiter takes another, which racing refreshes of one session would exhaust the pool
	 * with.
	 */
	private SignedIn rotate(@Nullable String refreshToken, ClientInfo client) {
		PresentedRefreshToken presented = this.sessions.authenticate(refreshToken);
		if (this.limiter.enabled()) {
			this.sessions.refreshableSession(presented)
				.ifPresent((sessionId) -> this.limiter.consume(client.ip(),
						new Subject(RateLimit.REFRESHES_PER_SESSION, sessionId.toString())));
		}
		SessionService.Refreshed refreshed = this.sessions.refresh(presented, client);
		IssuedRefreshToken successor = refreshed.refreshToken();
		return new SignedIn(refreshed.user(), this.accessTokens.issue(refreshed.user().id(), successor.sessionId(),
				refreshed.factors().methods(), refreshed.factors().signedInAt()), successor, null);
	}

	/** Ends the session of the refresh token, if it still has one; never fails. */
	void logout(@Nullable String refreshToken) {
		if (refreshToken != null && !refreshToken.isEmpty()) {
			this.sessions.revokeByToken(refreshToken, RevocationReason.LOGOUT);
		}
	}

	int logoutEverywhere(UUID userId) {
		return this.sessions.revokeAll(userId, RevocationReason.LOGOUT_ALL);
	}

}
