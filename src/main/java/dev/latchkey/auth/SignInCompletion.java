package dev.latchkey.auth;

import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.auth.SignInResult.SignedIn;
import dev.latchkey.auth.SignInResult.StepRequired;
import dev.latchkey.failures.Failure;
import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.sessions.SessionService;
import dev.latchkey.sessions.SessionService.IssuedRefreshToken;
import dev.latchkey.sessions.SignInFactors;
import dev.latchkey.tokens.AccessTokens;
import dev.latchkey.users.AuthenticatedUser;
import dev.latchkey.users.UserService;

/**
 * The end of every sign-in, by password alone or after a {@link SignInStep}: the session,
 * its access token with the factors that proved it, the device cookie, and the
 * {@link LoginSucceeded} event. The session is opened only while the password that was
 * checked is still the account's and the account is active, in the transaction that holds
 * the account's row lock ({@link UserService#confirmCredential}).
 */
@Component
public class SignInCompletion {

	private final UserService users;

	private final SessionService sessions;

	private final AccessTokens accessTokens;

	private final TrustedDevices devices;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final List<SignInStep> steps;

	SignInCompletion(UserService users, SessionService sessions, AccessTokens accessTokens, TrustedDevices devices,
			ApplicationEventPublisher events, TransactionTemplate transaction, List<SignInStep> steps) {
		this.users = users;
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.devices = devices;
		this.events = events;
		this.transaction = transaction;
		this.steps = List.copyOf(steps);
	}

	/**
	 * Asks every {@link SignInStep} whether this user, who has proved who they are with
	 * these factors, must do more, and opens a session when none does.
	 * @throws Failure when a step refuses the sign-in, or {@link #complete} does; logged
	 * as a failed login
	 */
	public SignInResult signIn(AuthenticatedUser user, SignInFactors factors, ClientInfo client) {
		try {
			for (SignInStep step : this.steps) {
				Optional<StepRequired> required = step.require(user, factors, client);
				if (required.isPresent()) {
					return required.get();
				}
			}
		}
		catch (Failure ex) {
			this.events.publishEvent(new LoginFailed(ex.code(), client.ip()));
			throw ex;
		}
		return complete(user, factors, client);
	}

	/**
	 * Opens the session of a user who has proved who they are with these factors, and
	 * completed every step.
	 * @throws Failure when the password was changed, or the account disabled, since it
	 * was checked; logged as a failed login
	 */
	public SignedIn complete(AuthenticatedUser user, SignInFactors factors, ClientInfo client) {
		IssuedRefreshToken refreshToken;
		try {
			refreshToken = this.transaction.execute((status) -> {
				this.users.confirmCredential(user);
				return this.sessions.open(user.user().id(), client, factors);
			});
		}
		catch (Failure ex) {
			this.events.publishEvent(new LoginFailed(ex.code(), client.ip()));
			throw ex;
		}
		this.events.publishEvent(new LoginSucceeded(user.user().id(), refreshToken.sessionId(), client.ip()));
		return new SignedIn(user.user(), this.accessTokens.issue(user.user().id(), refreshToken.sessionId(),
				factors.methods(), factors.signedInAt()), refreshToken, this.devices.issue(user.user().email()));
	}

}
