package dev.latchkey.users;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.ratelimit.RateLimit;
import dev.latchkey.ratelimit.RateLimiter;
import dev.latchkey.failures.Failure;

/**
 * Accounts and their credentials. Password hashing never runs inside a database
 * transaction, so a slow hash never holds a pooled connection.
 */
@Service
public class UserService {

	private static final String EMAIL_UNIQUE_INDEX = "users_email_key";

	private final UserRepository users;

	private final SignInAccounts accounts;

	private final PasswordHasher hasher;

	private final Clock clock;

	private final RateLimiter limiter;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	UserService(UserRepository users, SignInAccounts accounts, PasswordHasher hasher, Clock clock, RateLimiter limiter,
			ApplicationEventPublisher events, TransactionTemplate transaction) {
		this.users = users;
		this.accounts = accounts;
		this.hasher = hasher;
		this.clock = clock;
		this.limiter = limiter;
		this.events = events;
		this.transaction = transaction;
	}

	/**
	 * Creates an account. Of several requests racing for one address exactly one
	 * succeeds; the others get {@link EmailTaken}. {@link UserRegistered} is published in
	 * the transaction that creates it.
	 */
	public UserResponse register(String email, String password, @Nullable String fullName) {
		String normalized = Emails.normalize(email);
		if (this.users.findByNormalizedEmail(normalized).isPresent()) {
			throw new EmailTaken();
		}
		String hash = this.hasher.hash(password);
		try {
			// One transaction for the account and what its registration sets off (the
			// verification mail in the outbox): both are committed, or neither.
			return this.transaction.execute((status) -> {
				User user = this.users.saveAndFlush(new User(normalized, hash, blankToNull(fullName), now()));
				this.events.publishEvent(new UserRegistered(user.id()));
				return user.toResponse();
			});
		}
		catch (DataIntegrityViolationException ex) {
			if (ex.getCause() instanceof ConstraintViolationException violation
					&& EMAIL_UNIQUE_INDEX.equals(violation.getConstraintName())) {
				throw new EmailTaken();
			}
			throw ex;
		}
	}

	/**
	 * Checks an email and password. Takes as long for an unknown email as for a wrong
	 * password, and says neither; re-hashes a password stored with weaker parameters than
	 * today's.
	 * @return the account, with the credential version the password was checked against,
	 * for {@link #confirmCredential} when the session is opened
	 * @throws InvalidCredentials when the email or the password is wrong
	 * @throws AccountDisabled when both are right but the account is disabled
	 */
	public AuthenticatedUser authenticate(String email, String password) {
		Optional<SignInAccounts.SignInAccount> found = this.accounts.find(Emails.normalize(email));
		if (found.isEmpty()) {
			this.hasher.matchNothing(password);
			throw new InvalidCredentials();
		}
		SignInAccounts.SignInAccount account = found.get();
		if (!this.hasher.matches(password, account.passwordHash())) {
			throw new InvalidCredentials();
		}
		if (!account.user().isActive()) {
			throw new AccountDisabled();
		}
		if (this.hasher.isOutdated(account.passwordHash())) {
			rehash(account.user().id(), account.passwordHash(), this.hasher.hash(password));
		}
		return new AuthenticatedUser(account.user(), account.credentialVersion());
	}

	/**
	 * Confirms, in the caller's transaction, that the password checked by
	 * {@link #authenticate} is still the account's and that the account is still active,
	 * and locks the account's row until that transaction ends. A session opened in the
	 * same transaction therefore either exists before a concurrent password change
	 * commits (which then ends it) or is never opened.
	 * @throws InvalidCredentials when the password changed since, or the account is gone
	 * @throws AccountDisabled when the account was disabled since
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void confirmCredential(AuthenticatedUser user) {
		UserRepository.CredentialState state = this.users.lockCredential(user.user().id())
			.orElseThrow(InvalidCredentials::new);
		if (state.getVersion() != user.credentialVersion()) {
			throw new InvalidCredentials();
		}
		if (!state.getActive()) {
			throw new AccountDisabled();
		}
	}

	/** The account if it exists and is active. */
	@Transactional(readOnly = true)
	public Optional<UserResponse> findActive(UUID id) {
		return this.users.findById(id).filter(User::active).map(User::toResponse);
	}

	/**
	 * The active account, with its current credential version for
	 * {@link #confirmCredential}: for a sign-in proved without the password, by a
	 * passkey.
	 */
	@Transactional(readOnly = true)
	public Optional<AuthenticatedUser> findForSignIn(UUID id) {
		return this.users.findById(id)
			.filter(User::active)
			.map((user) -> new AuthenticatedUser(user.toResponse(), user.credentialVersion()));
	}

	/** Sets or, with null or blank, removes the user's full name. */
	@Transactional
	public UserResponse rename(UUID userId, @Nullable String fullName) {
		User user = this.users.findById(userId).orElseThrow(AccountGone::new);
		user.rename(blankToNull(fullName), now());
		this.events.publishEvent(new AccountUpdated(userId));
		return user.toResponse();
	}

	/**
	 * Replaces the password after checking the current one. {@link PasswordChanged} is
	 * published in the same transaction, whose listeners end every other session of the
	 * user: whoever else was signed in must sign in again. A login that checked the old
	 * password and has not opened its session yet never will (see
	 * {@link #confirmCredential}).
	 * @return how many other sessions were ended
	 * @throws InvalidPassword when the current password is wrong (counted against the
	 * session's password checks), or was changed by another request meanwhile
	 */
	public int changePassword(CurrentUser currentUser, String currentPassword, String newPassword) {
		User user = this.users.findById(currentUser.id()).orElseThrow(AccountGone::new);
		requirePassword(user, currentPassword, currentUser);
		String hash = this.hasher.hash(newPassword);
		PasswordChanged changed = new PasswordChanged(user.id(), currentUser.sessionId());
		this.transaction.executeWithoutResult((status) -> {
			if (this.users.changePassword(user.id(), user.credentialVersion(), hash, now()) == 0) {
				throw new InvalidPassword();
			}
			this.events.publishEvent(changed);
		});
		return changed.sessionsEnded();
	}

	/**
	 * Deletes the account after checking its password; its sessions go with it (ON DELETE
	 * CASCADE), so its access tokens are refused at once.
	 */
	public void delete(CurrentUser currentUser, String password) {
		User user = this.users.findById(currentUser.id()).orElseThrow(AccountGone::new);
		requirePassword(user, password, currentUser);
		this.users.deleteById(user.id());
		this.events.publishEvent(new AccountDeleted(user.id()));
	}

	/**
	 * Checks the password of a signed-in user before a change that the caller makes, as
	 * {@link #changePassword} checks it: wrong ones are counted per session.
	 * @throws InvalidPassword when it is wrong
	 */
	public UserResponse confirmPassword(CurrentUser currentUser, String password) {
		User user = this.users.findById(currentUser.id()).orElseThrow(AccountGone::new);
		requirePassword(user, password, currentUser);
		return user.toResponse();
	}

	/**
	 * Refuses an address that an account already has, as registration does.
	 * @throws EmailTaken when one has it
	 */
	@Transactional(readOnly = true)
	public void requireEmailAvailable(String email) {
		if (this.users.findByNormalizedEmail(Emails.normalize(email)).isPresent()) {
			throw new EmailTaken();
		}
	}

	/**
	 * Replaces the account's address, in the caller's transaction, with one that a mailed
	 * token proved: it counts as verified. Sessions stay; the password is unchanged.
	 * @throws EmailTaken when another account took the address meanwhile
	 * @throws AccountGone when the account was deleted meanwhile
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UserResponse changeEmail(UUID userId, String newEmail) {
		String normalized = Emails.normalize(newEmail);
		requireEmailAvailable(normalized);
		try {
			if (this.users.changeEmail(userId, normalized, now()) == 0) {
				throw new AccountGone();
			}
		}
		catch (DataIntegrityViolationException ex) {
			// Registered by someone else between the check and the update.
			throw new EmailTaken();
		}
		this.events.publishEvent(new AccountUpdated(userId));
		return this.users.findById(userId).map(User::toResponse).orElseThrow(AccountGone::new);
	}

	/**
	 * Checks the password of a signed-in user. Wrong ones are counted per session, like a
	 * trusted device's, so that guesses against the account from elsewhere never stop its
	 * owner from changing the password or deleting the account.
	 */
	private void requirePassword(User user, String password, CurrentUser currentUser) {
		RateLimiter.Attempts attempts = this.limiter.consume(null,
				new RateLimiter.Subject(RateLimit.LOGIN_FAILURES_PER_DEVICE, "session " + currentUser.sessionId()));
		boolean matches;
		try {
			matches = this.hasher.matches(password, user.passwordHash());
		}
		catch (RuntimeException ex) {
			// Overloaded hashing (503) or an outage is not a wrong password.
			attempts.refund();
			throw ex;
		}
		if (!matches) {
			throw new InvalidPassword();
		}
		attempts.refund();
	}

	/**
	 * The account with this address, active or not, verified or not: for flows that look
	 * an address up and must answer alike whether it has an account.
	 */
	@Transactional(readOnly = true)
	public Optional<UserResponse> findByEmail(String email) {
		return this.users.findByNormalizedEmail(Emails.normalize(email)).map(User::toResponse);
	}

	/**
	 * Marks the account's address as proved, in the caller's transaction.
	 * @throws AccountGone when the account was deleted meanwhile
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UserResponse markVerified(UUID userId) {
		User user = this.users.findById(userId).orElseThrow(AccountGone::new);
		user.markVerified(now());
		this.events.publishEvent(new AccountUpdated(userId));
		return user.toResponse();
	}

	/**
	 * Hashes a password for {@link #resetPassword}, outside any transaction: a hash takes
	 * a slot of the hashing pool and about a tenth of a second, which no pooled
	 * connection should wait for.
	 */
	public NewPassword hashNewPassword(String password) {
		return new NewPassword(this.hasher.hash(password));
	}

	/**
	 * Replaces the password without the current one, in the caller's transaction: for a
	 * reset, where a mailed token proved the mailbox. Every session of the account ends
	 * ({@link PasswordChanged} keeps none), a login that checked the old password never
	 * opens its session, and the address counts as verified, since the token reached it.
	 * @return how many sessions were ended
	 * @throws AccountGone when the account was deleted meanwhile
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int resetPassword(UUID userId, NewPassword password) {
		if (this.users.resetPassword(userId, password.hash, now()) == 0) {
			throw new AccountGone();
		}
		PasswordChanged changed = new PasswordChanged(userId, null);
		this.events.publishEvent(changed);
		return changed.sessionsEnded();
	}

	private void rehash(UUID userId, String checkedHash, String hash) {
		Integer replaced = this.transaction.execute((status) -> this.users.rehash(userId, checkedHash, hash));
		if (replaced != null && replaced > 0) {
			this.events.publishEvent(new PasswordRehashed(userId));
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** A password hashed by {@link #hashNewPassword}, to be set. */
	public static final class NewPassword {

		private final String hash;

		private NewPassword(String hash) {
			this.hash = hash;
		}

		@Override
		public String toString() {
			return "NewPassword[****]";
		}

	}

	static final class EmailTaken extends Failure {

		EmailTaken() {
			super(Kind.CONFLICT, "email_taken", "An account with this email already exists.");
		}

	}

	/** The email or the password is wrong; says neither. */
	public static final class InvalidCredentials extends Failure {

		InvalidCredentials() {
			super(Kind.UNAUTHENTICATED, "invalid_credentials", "The email or password is incorrect.");
		}

	}

	static final class InvalidPassword extends Failure {

		InvalidPassword() {
			super(Kind.FORBIDDEN, "invalid_password", "The password is incorrect.");
		}

	}

	/** The account was deleted while this request, authenticated a moment before, ran. */
	static final class AccountGone extends Failure {

		AccountGone() {
			super(Kind.UNAUTHENTICATED, "access_token_invalid", "This account no longer exists.");
		}

	}

	static final class AccountDisabled extends Failure {

		AccountDisabled() {
			super(Kind.FORBIDDEN, "account_disabled", "This account is disabled.");
		}

	}

}
