package dev.latchkey.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.auth.SignInCompletion;
import dev.latchkey.auth.SignInResult.SignedIn;
import dev.latchkey.failures.Failure;
import dev.latchkey.mfa.MfaFailures.ChallengeInvalid;
import dev.latchkey.mfa.MfaFailures.CodeInvalid;
import dev.latchkey.mfa.MfaFailures.CodeRefused;
import dev.latchkey.mfa.MfaFailures.MfaNotEnabled;
import dev.latchkey.mfa.MfaFailures.NoPasskeys;
import dev.latchkey.mfa.MfaFailures.PasskeyInvalid;
import dev.latchkey.mfa.MfaFailures.PasskeyRefused;
import dev.latchkey.mfa.MfaFailures.TotpAlreadyEnabled;
import dev.latchkey.mfa.MfaFailures.TotpNotEnabled;
import dev.latchkey.mfa.MfaFailures.TotpNotStarted;
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
import dev.latchkey.users.UserResponse;
import dev.latchkey.users.UserService;

/**
 * Enrolment of TOTP with its recovery codes, and the proof of a second factor (a TOTP
 * code, a recovery code or a passkey): to finish a sign-in, or to step up a session
 * before a sensitive change.
 */
@Service
class MfaService {

	private final TotpSecrets totp;

	private final RecoveryCodes recoveryCodes;

	private final AccountFactors factors;

	private final Passkeys passkeys;

	private final PasskeyCeremonies ceremonies;

	private final MfaChallenges challenges;

	private final UserService users;

	private final SessionService sessions;

	private final SignInCompletion completion;

	private final RateLimiter limiter;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final String issuer;

	MfaService(TotpSecrets totp, RecoveryCodes recoveryCodes, AccountFactors factors, Passkeys passkeys,
			PasskeyCeremonies ceremonies, MfaChallenges challenges, UserService users, SessionService sessions,
			SignInCompletion completion, RateLimiter limiter, ApplicationEventPublisher events,
			TransactionTemplate transaction, Clock clock, @Value("${spring.application.name}") String issuer) {
		this.totp = totp;
		this.recoveryCodes = recoveryCodes;
		this.factors = factors;
		this.passkeys = passkeys;
		this.ceremonies = ceremonies;
		this.challenges = challenges;
		this.users = users;
		this.sessions = sessions;
		this.completion = completion;
		this.limiter = limiter;
		this.events = events;
		this.transaction = transaction;
		this.clock = clock;
		this.issuer = issuer;
	}

	MfaRequests.Status status(UUID userId) {
		return new MfaRequests.Status(this.totp.enabled(userId), this.passkeys.count(userId),
				this.recoveryCodes.left(userId));
	}

	/**
	 * A new pending secret; the account's sign-in does not change until it is confirmed.
	 */
	MfaRequests.Enrolment startTotp(CurrentUser user) {
		if (this.totp.enabled(user.id())) {
			throw new TotpAlreadyEnabled();
		}
		byte[] secret = this.totp.startEnrolment(user.id());
		String base32 = Base32.encode(secret);
		String label = uriPart(this.issuer) + ":" + uriPart(user.user().email());
		return new MfaRequests.Enrolment(base32, "otpauth://totp/" + label + "?secret=" + base32 + "&issuer="
				+ uriPart(this.issuer) + "&algorithm=SHA1&digits=6&period=30");
	}

	/**
	 * The first code from the app turns TOTP on, proves a second factor for this session,
	 * and answers the recovery codes, shown this once.
	 */
	List<String> confirmTotp(CurrentUser user, String code) {
		TotpSecrets.Credential credential = this.totp.find(user.id()).orElseThrow(TotpNotStarted::new);
		if (credential.confirmed()) {
			throw new TotpAlreadyEnabled();
		}
		OptionalLong step = Totp.matchingStep(credential.secret(), code, this.clock.instant());
		if (step.isEmpty()) {
			throw new CodeInvalid();
		}
		List<String> codes = this.transaction.execute((status) -> {
			if (!this.totp.accept(user.id(), step.getAsLong())) {
				throw new CodeInvalid();
			}
			return this.recoveryCodes.replace(user.id());
		});
		this.sessions.recordSecondFactor(user.sessionId(), user.id());
		this.events.publishEvent(new MfaEnabled(user.id()));
		return codes;
	}

	/** The recovery codes go too, unless passkeys still need them. */
	void disableTotp(CurrentUser user) {
		Boolean deleted = this.transaction.execute((status) -> {
			boolean wasOn = this.totp.delete(user.id());
			if (!this.factors.any(user.id())) {
				this.recoveryCodes.delete(user.id());
			}
			return wasOn;
		});
		if (!Boolean.TRUE.equals(deleted)) {
			throw new TotpNotEnabled();
		}
		this.events.publishEvent(new MfaDisabled(user.id()));
	}

	List<String> regenerateRecoveryCodes(CurrentUser user) {
		if (!this.factors.any(user.id())) {
			throw new MfaNotEnabled();
		}
		return this.transaction.execute((status) -> this.recoveryCodes.replace(user.id()));
	}

	/** Whether sign-in and sensitive changes of this account need a second factor. */
	boolean required(UUID userId) {
		return this.factors.any(userId);
	}

	/**
	 * Finishes a sign-in waiting for its second factor with a code. A wrong code counts
	 * against the challenge (the fifth ends it) and against the account's and the
	 * address's login failures, as a wrong password does.
	 */
	SignedIn verifySignIn(String challengeToken, String code, ClientInfo client) {
		return finishSignIn(challengeToken, client, SignInFactors.ONE_TIME_CODE, CodeRefused::new,
				(userId) -> proves(userId, code));
	}

	/** Options for a passkey of the account waiting for its second factor. */
	Map<String, Object> signInPasskeyOptions(String challengeToken, Site site) {
		MfaChallenges.Challenge challenge = this.challenges.find(challengeToken).orElseThrow(ChallengeInvalid::new);
		return passkeyOptions(site, Purpose.SECOND_FACTOR, challenge.userId());
	}

	/**
	 * As {@link #verifySignIn}, with a passkey's answer to {@link #signInPasskeyOptions}.
	 */
	SignedIn verifySignInWithPasskey(String challengeToken, Map<String, Object> credential, Site site,
			ClientInfo client) {
		return finishSignIn(challengeToken, client, SignInFactors.PASSKEY, PasskeyRefused::new,
				(userId) -> provesPasskey(site, Purpose.SECOND_FACTOR, userId, credential));
	}

	/** Proves the second factor again for the current session, with a code. */
	void stepUp(CurrentUser user, String code) {
		stepUp(user, CodeInvalid::new, (userId) -> proves(userId, code));
	}

	Map<String, Object> stepUpPasskeyOptions(CurrentUser user, Site site) {
		return passkeyOptions(site, Purpose.STEP_UP, user.id());
	}

	/** As {@link #stepUp}, with a passkey's answer to {@link #stepUpPasskeyOptions}. */
	void stepUpWithPasskey(CurrentUser user, Map<String, Object> credential, Site site) {
		stepUp(user, PasskeyInvalid::new, (userId) -> provesPasskey(site, Purpose.STEP_UP, userId, credential));
	}

	private SignedIn finishSignIn(String challengeToken, ClientInfo client, String method,
			Supplier<? extends Failure> refusal, Predicate<UUID> proof) {
		MfaChallenges.Challenge challenge = this.challenges.find(challengeToken).orElseThrow(ChallengeInvalid::new);
		UserResponse user = this.users.findActive(challenge.userId()).orElseThrow(ChallengeInvalid::new);
		RateLimiter.Attempts failures = this.limiter.consume(client.ip(),
				new Subject(RateLimit.LOGIN_FAILURES_PER_ACCOUNT, user.email()),
				Subject.address(RateLimit.LOGIN_FAILURES_PER_ADDRESS, client.ip()));
		if (!proof.test(user.id())) {
			this.challenges.fail(challengeToken);
			throw refusal.get();
		}
		failures.refund();
		if (!this.challenges.end(challengeToken)) {
			throw new ChallengeInvalid();
		}
		return this.completion.complete(new AuthenticatedUser(user, challenge.credentialVersion()),
				SignInFactors.withSecondFactor(method, this.clock.instant()), client);
	}

	/** Wrong proofs count against the session, so a stolen access cookie cannot guess. */
	private void stepUp(CurrentUser user, Supplier<? extends Failure> refusal, Predicate<UUID> proof) {
		if (!this.factors.any(user.id())) {
			throw new MfaNotEnabled();
		}
		RateLimiter.Attempts failures = this.limiter.consume(null,
				new Subject(RateLimit.LOGIN_FAILURES_PER_DEVICE, "session " + user.sessionId()));
		if (!proof.test(user.id())) {
			throw refusal.get();
		}
		failures.refund();
		this.sessions.recordSecondFactor(user.sessionId(), user.id());
	}

	private Map<String, Object> passkeyOptions(Site site, Purpose purpose, UUID userId) {
		List<Passkeys.Passkey> registered = this.passkeys.of(userId);
		if (registered.isEmpty()) {
			throw new NoPasskeys();
		}
		return this.ceremonies.requestOptions(site, purpose, userId, registered, false);
	}

	/**
	 * A passkey of this account answered this purpose's challenge. As a second factor its
	 * possession is what counts: its authenticator need not verify the user.
	 */
	private boolean provesPasskey(Site site, Purpose purpose, UUID userId, Map<String, Object> credential) {
		boolean proved = this.ceremonies.authenticate(site, purpose, userId, credential, false).isPresent();
		this.events.publishEvent(new MfaChecked(userId, AccountFactors.PASSKEY, proved));
		return proved;
	}

	/** A TOTP code (six digits) accepted once, or an unused recovery code, used up. */
	private boolean proves(UUID userId, String code) {
		String trimmed = code.strip();
		if (trimmed.length() == Totp.DIGITS) {
			boolean accepted = this.totp.find(userId)
				.filter(TotpSecrets.Credential::confirmed)
				.map((credential) -> Totp.matchingStep(credential.secret(), trimmed, this.clock.instant()))
				.filter(OptionalLong::isPresent)
				.map((step) -> this.totp.accept(userId, step.getAsLong()))
				.orElse(false);
			this.events.publishEvent(new MfaChecked(userId, "totp", accepted));
			return accepted;
		}
		boolean used = this.recoveryCodes.use(userId, trimmed);
		this.events.publishEvent(new MfaChecked(userId, "recovery_code", used));
		if (used) {
			this.events.publishEvent(new RecoveryCodeUsed(userId));
		}
		return used;
	}

	private static String uriPart(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
