package dev.latchkey.auth;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.latchkey.auth.AccessTokens.IssuedAccessToken;
import dev.latchkey.auth.SessionService.IssuedRefreshToken;
import dev.latchkey.auth.SessionService.Rotation;
import dev.latchkey.users.UserResponse;
import dev.latchkey.users.UserService;

/** Signing in, refreshing and signing out: what the /auth endpoints do, without the HTTP. */
@Service
class AuthService {

	private static final Logger logger = LoggerFactory.getLogger(AuthService.class);

	private final UserService users;

	private final SessionService sessions;

	private final AccessTokens accessTokens;

	AuthService(UserService users, SessionService sessions, AccessTokens accessTokens) {
		this.users = users;
		this.sessions = sessions;
		this.accessTokens = accessTokens;
	}

	SignedIn login(String email, String password, ClientInfo client) {
		UserResponse user;
		try {
			user = this.users.authenticate(email, password);
		}
		catch (RuntimeException ex) {
			logger.info("event=login_failed ip={} reason={}", client.ip(), ex.getClass().getSimpleName());
			throw ex;
		}
		IssuedRefreshToken refreshToken = this.sessions.open(user.id(), client);
		logger.info("event=login_succeeded user_id={} session_id={} ip={}", user.id(), refreshToken.sessionId(),
				client.ip());
		return signedIn(user, refreshToken);
	}

	/** @throws RefreshTokenRejected when the token cannot be exchanged, with the reason */
	SignedIn refresh(String refreshToken, ClientInfo client) {
		Rotation rotation = this.sessions.rotate(refreshToken, client);
		if (rotation instanceof Rotation.Rejected rejected) {
			throw rejected.reason();
		}
		Rotation.Rotated rotated = (Rotation.Rotated) rotation;
		UUID sessionId = rotated.refreshToken().sessionId();
		Optional<UserResponse> user = this.users.findActive(rotated.userId());
		if (user.isEmpty()) {
			// Disabled or deleted since the session began: the session ends with it.
			this.sessions.revoke(sessionId, RevocationReason.LOGOUT);
			throw new RefreshTokenRejected.Invalid();
		}
		return signedIn(user.get(), rotated.refreshToken());
	}

	/** Ends the session of the refresh token, if it still has one; never fails. */
	void logout(String refreshToken) {
		this.sessions.revokeByToken(refreshToken, RevocationReason.LOGOUT);
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
