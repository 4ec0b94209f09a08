package dev.latchkey.mfa;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.auth.LoginFailed;
import dev.latchkey.auth.SignInCompletion;
import dev.latchkey.auth.SignInResult;
import dev.latchkey.mfa.MfaFailures.PasskeyAlreadyRegistered;
import dev.latchkey.mfa.MfaFailures.PasskeyInvalid;
import dev.latchkey.mfa.MfaFailures.PasskeyNotFound;
import dev.latchkey.mfa.MfaFailures.PasskeyRefused;
import dev.latchkey.mfa.PasskeyCeremonies.NewPasskey;
import dev.latchkey.mfa.PasskeyRequests.AddedPasskey;
import dev.latchkey.mfa.PasskeyRequests.PasskeyResponse;
import dev.latchkey.mfa.Passkeys.Passkey;
import dev.latchkey.mfa.RelyingParty.Site;
import dev.latchkey.mfa.WebAuthnChallenges.Purpose;
import dev.latchkey.ratelimit.RateLimit;
import dev.latchkey.ratelimit.RateLimiter;
import dev.latchkey.ratelimit.RateLimiter.Subject;
import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.sessions.SessionService;
import dev.latchkey.sessions.SignInFactors;
import dev.latchkey.users.AuthenticatedUser;
import dev.latchkey.users.CurrentUser;
import dev.latchkey.users.UserService;

/**
 * An account's passkeys: adding, listing and removing them, and signing in with one
 * alone. A passkey is a second factor of its account as soon as it is added, so the
 * account's first one also brings recovery codes, and removing its last factor takes them
 * away. Proving one as a second factor is {@link MfaService}'s.
 */
@Service
class PasskeyService {

	private final PasskeyCeremonies ceremonies;

	private final Passkeys passkeys;

	private final AccountFactors factors;

	private final RecoveryCodes recoveryCodes;

	private final UserService users;

	private final SessionService sessions;

	private final SignInCompletion completion;

	private final RateLimiter limiter;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final Clock clock;

	PasskeyService(PasskeyCeremonies ceremonies, Passkeys passkeys, AccountFactors factors, RecoveryCodes recoveryCodes,
			UserService users, SessionService sessions, SignInCompletion completion, RateLimiter limiter,
			ApplicationEventPublisher events, TransactionTemplate transaction, Clock clock) {
		this.ceremonies = ceremonies;
		this.passkeys = passkeys;
		this.factors = factors;
		this.recoveryCodes = recoveryCodes;
		this.users = users;
		this.sessions = sessions;
		this.completion = completion;
		this.limiter = limiter;
		this.events = events;
		this.transaction = transaction;
		this.clock = clock;
	}

	Map<String, Object> registrationOptions(CurrentUser user, Site site) {
		return this.ceremonies.creationOptions(site, user.user(), this.passkeys.of(user.id()));
	}

	/**
	 * Adds the passkey that answered {@link #registrationOptions}. It proves a second
	 * factor for this session, as a confirmed authenticator app does.
	 */
	AddedPasskey register(CurrentUser user, Site site, Map<String, Object> credential, String name) {
		NewPasskey key = this.ceremonies.register(site, user.id(), credential).orElseThrow(PasskeyInvalid::new);
		Passkey passkey = new Passkey(UUID.randomUUID(), user.id(), key.credentialId(), name,
				key.attestedCredentialData(), key.signCount(), key.uvInitialized(), key.backupEligible(),
				key.backupState(), key.transports(), this.clock.instant(), null);
		List<String> codes = this.transaction.execute((status) -> {
			boolean first = !this.factors.any(user.id());
			if (!this.passkeys.insert(passkey)) {
				throw new PasskeyAlreadyRegistered();
			}
			return first ? this.recoveryCodes.replace(user.id()) : null;
		});
		this.sessions.recordSecondFactor(user.sessionId(), user.id());
		this.events.publishEvent(new PasskeyAdded(user.id(), passkey.id()));
		return new AddedPasskey(passkey.id().toString(), passkey.name(), passkey.createdAt(), codes);
	}

	List<PasskeyResponse> list(UUID userId) {
		return this.passkeys.of(userId).stream().map(PasskeyResponse::of).toList();
	}

	/** Another account's passkey is answered exactly like one that does not exist. */
	void remove(CurrentUser user, String id) {
		UUID passkeyId = parse(id);
		this.transaction.executeWithoutResult((status) -> {
			if (!this.passkeys.delete(user.id(), passkeyId)) {
				throw new PasskeyNotFound();
			}
			if (!this.factors.any(user.id())) {
				this.recoveryCodes.delete(user.id());
			}
		});
		this.events.publishEvent(new PasskeyRemoved(user.id(), passkeyId));
	}

	/**
	 * Options for a sign-in with any discoverable passkey. Each one stores a challenge,
	 * so they count against the address's logins.
	 */
	Map<String, Object> signInOptions(Site site, ClientInfo client) {
		this.limiter.consume(client.ip(), Subject.address(RateLimit.LOGINS_PER_ADDRESS, client.ip()));
		return this.ceremonies.requestOptions(site, Purpose.SIGN_IN, null, List.of(), true);
	}

	/**
	 * Signs in with a passkey alone. Its authenticator must have verified the user (a PIN
	 * or a biometric): possession and that check make two factors, so no further factor
	 * is asked for; other steps (a verified email) still are. A refused answer counts
	 * against the address's failed logins.
	 */
	SignInResult signIn(Site site, Map<String, Object> credential, ClientInfo client) {
		RateLimiter.Attempts failures = this.limiter.consume(client.ip(),
				Subject.address(RateLimit.LOGIN_FAILURES_PER_ADDRESS, client.ip()));
		Optional<AuthenticatedUser> user = this.ceremonies.authenticate(site, Purpose.SIGN_IN, null, credential, true)
			.flatMap((passkey) -> this.users.findForSignIn(passkey.userId()));
		if (user.isEmpty()) {
			PasskeyRefused refused = new PasskeyRefused();
			this.events.publishEvent(new LoginFailed(refused.code(), client.ip()));
			throw refused;
		}
		failures.refund();
		return this.completion.signIn(user.get(), SignInFactors.passkey(this.clock.instant()), client);
	}

	private static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new PasskeyNotFound();
		}
	}

}
