package dev.latchkey.auth;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import dev.latchkey.auth.AccessTokens.IssuedAccessToken;
import dev.latchkey.auth.SessionService.IssuedRefreshToken;
import dev.latchkey.auth.SessionService.Rotation;
import dev.latchkey.observability.SecurityEvents;
import dev.latchkey.ratelimit.RateLimit;
import dev.latchkey.ratelimit.RateLimiter;
import dev.latchkey.users.Emails;
import dev.latchkey.users.UserResponse;
import dev.latchkey.users.UserService;
import dev.latchkey.web.ProblemException;

/**
 * Signing in, refreshing and signing out: what the /auth endpoints do, without the HTTP.
 */
@Service
class AuthService {

	private final UserService users;

	private final SessionService sessions;

	private final AccessTokens accessTokens;

	private final RateLimiter limiter;

	private final SecurityEvents events;

	AuthService(UserService users, SessionService sessions, AccessTokens accessTokens, RateLimiter limiter,
			SecurityEvents events) {
		this.users = users;
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.limiter = limiter;
		this.events = events;
	}

	/**
	 * Checks the credentials and opens a session. Each attempt is taken from the
	 * failed-login buckets of the account and of the client address, and given back when
	 * it succeeds, so only failures count against the limits.
	 */
	SignedIn login(String email, String password, ClientInfo client) {
		UserResponse user;
		try {
			RateLimiter.Attempts attempts = this.limiter.consume(client.ip(),
					new RateLimiter.Subject(RateLimit.LOGIN_FAILURES_PER_ADDRESS, client.ip()),
					new RateLimiter.Subject(RateLimit.LOGIN_FAILURES_PER_ACCOUNT, Emails.normalize(email)));
			user = this.users.authenticate(email, password);
			attempts.refund();
		}
		catch (ProblemException ex) {
			this.events.loginFailed(ex.code(), client.ip());
			throw ex;
		}
		IssuedRefreshToken refreshToken = this.sessions.open(user.id(), client);
		this.events.loginSucceeded(user.id(), refreshToken.sessionId(), client.ip());
		return signedIn(user, refreshToken);
	}

	/**
	 * @throws RefreshTokenRejected when the token cannot be exchanged, with the reason
	 */
	SignedIn refresh(@Nullable String refreshToken, ClientInfo client) {
		try {
			SignedIn signedIn = rotate(refreshToken, client);
			this.events.refreshed("rotated");
			return signedIn;
		}
		catch (ProblemException ex) {
			this.events.refreshed(ex.code());
			throw ex;
		}
	}

	private SignedIn rotate(@Nullable String refreshToken, ClientInfo client) {
		if (refreshToken == null || refreshToken.isEmpty()) {
			throw new RefreshTokenRejected.Missing();
		}
		if (this.limiter.enabled()) {
			this.sessions.sessionOf(refreshToken)
				.ifPresent((sessionId) -> this.limiter.consume(client.ip(),
						new RateLimiter.Subject(RateLimit.REFRESHES_PER_SESSION, sessionId.toString())));
		}
		Rotation rotation = this.sessions.rotate(refreshToken, client);
		if (rotation instanceof Rotation.Rejected rejected) {
			throw rejected.reason();
		}
		Rotation.Rotated rotated = (Rotation.Rotated) rotation;
		UUID sessionId = rotated.refreshToken().sessionId();
		Optional<UserResponse> user = this.users.findActive(rotated.userId());
		if (user.isEmpty()) {
			// Disabled or deleted since the session began: the session ends with it.
			this.sessions.revoke(rotated.userId(), sessionId, RevocationReason.ACCOUNT_DISABLED);
			throw new RefreshTokenRejected.Invalid();
		}
		return signedIn(user.get(), rotated.refreshToken());
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

	private SignedIn signedIn(UserResponse user, IssuedRefreshToken refreshToken) {
		IssuedAccessToken accessToken = this.accessTokens.issue(user.id(), refreshToken.sessionId());
		return new SignedIn(user, accessToken, refreshToken);
	}

	/** A user with a fresh pair of tokens, ready to be written as cookies. */
	record SignedIn(UserResponse user, IssuedAccessToken accessToken, IssuedRefreshToken refreshToken) {
	}

}
