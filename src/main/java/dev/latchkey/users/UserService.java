package dev.latchkey.users;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.observability.SecurityEvents;
import dev.latchkey.ratelimit.RateLimit;
import dev.latchkey.ratelimit.RateLimiter;
import dev.latchkey.web.ProblemException;

/**
 * Accounts and their credentials. Password hashing never runs inside a database
 * transaction, so a slow hash never holds a pooled connection.
 */
@Service
public class UserService {

	private static final String EMAIL_UNIQUE_INDEX = "users_email_key";

	private final UserRepository users;

	private final PasswordHasher hasher;

	private final Clock clock;

	private final UserSessions sessions;

	private final RateLimiter limiter;

	private final SecurityEvents events;

	private final TransactionTemplate transaction;

	UserService(UserRepository users, PasswordHasher hasher, Clock clock, UserSessions sessions, RateLimiter limiter,
			SecurityEvents events, TransactionTemplate transaction) {
		this.users = users;
		this.hasher = hasher;
		this.clock = clock;
		this.sessions = sessions;
		this.limiter = limiter;
		this.events = events;
		this.transaction = transaction;
	}

	/**
	 * Creates an account. Of several requests racing for one address exactly one
	 * succeeds; the others get {@link EmailTaken}.
	 */
	public UserResponse register(String email, String password, @Nullable String fullName) {
		String normalized = Emails.normalize(email);
		if (this.users.findByNormalizedEmail(normalized).isPresent()) {
			throw new EmailTaken();
		}
		String hash = this.hasher.hash(password);
		try {
			User user = this.users.saveAndFlush(new User(normalized, hash, blankToNull(fullName), now()));
			this.events.userRegistered(user.id());
			return user.toResponse();
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
	 * @throws InvalidCredentials when the email or the password is wrong
	 * @throws AccountDisabled when both are right but the account is disabled
	 */
	public UserResponse authenticate(String email, String password) {
		Optional<User> found = this.users.findByNormalizedEmail(Emails.normalize(email));
		if (found.isEmpty()) {
			this.hasher.matchNothing(password);
			throw new InvalidCredentials();
		}
		User user = found.get();
		if (!this.hasher.matches(password, user.passwordHash())) {
			throw new InvalidCredentials();
		}
		if (!user.active()) {
			throw new AccountDisabled();
		}
		if (this.hasher.isOutdated(user.passwordHash())) {
			rehash(user.id(), this.hasher.hash(password));
		}
		return user.toResponse();
	}

	/** The account if it exists and is active. */
	@Transactional(readOnly = true)
	public Optional<UserResponse> findActive(UUID id) {
		return this.users.findById(id).filter(User::active).map(User::toResponse);
	}

	/** Sets or, with null or blank, removes the user's full name. */
	@Transactional
	public UserResponse rename(UUID userId, @Nullable String fullName) {
		User user = this.users.findById(userId).orElseThrow(AccountGone::new);
		user.rename(blankToNull(fullName), now());
		return user.toResponse();
	}

	/**
	 * Replaces the password after checking the current one, and ends every other session
	 * of the user in the same transaction: whoever else was signed in must sign in again.
	 * @return how many other sessions were ended
	 * @throws InvalidPassword when the current password is wrong (counted like a failed
	 * login)
	 */
	public int changePassword(CurrentUser currentUser, String currentPassword, String newPassword, String ip) {
		User user = this.users.findById(currentUser.id()).orElseThrow(AccountGone::new);
		requirePassword(user, currentPassword, ip);
		String hash = this.hasher.hash(newPassword);
		Integer revoked = this.transaction.execute((status) -> {
			// Read again inside the transaction: the user above was read outside it.
			User current = this.users.findById(user.id()).orElseThrow(AccountGone::new);
			current.changePasswordHash(hash, now());
			return this.sessions.revokeAllExcept(user.id(), currentUser.sessionId());
		});
		this.events.passwordChanged(user.id());
		return (revoked != null) ? revoked : 0;
	}

	/**
	 * Deletes the account after checking its password; its sessions and refresh tokens go
	 * with it (ON DELETE CASCADE), so its access tokens are refused at once.
	 */
	public void delete(UUID userId, String password, String ip) {
		User user = this.users.findById(userId).orElseThrow(AccountGone::new);
		requirePassword(user, password, ip);
		this.users.deleteById(user.id());
		this.events.accountDeleted(user.id());
	}

	private void requirePassword(User user, String password, String ip) {
		RateLimiter.Attempts attempts = this.limiter.consume(ip,
				new RateLimiter.Subject(RateLimit.LOGIN_FAILURES_PER_ACCOUNT, user.email()));
		if (!this.hasher.matches(password, user.passwordHash())) {
			throw new InvalidPassword();
		}
		attempts.refund();
	}

	private void rehash(UUID userId, String hash) {
		this.users.findById(userId).ifPresent((user) -> {
			user.changePasswordHash(hash, now());
			this.users.save(user);
			this.events.passwordRehashed(userId);
		});
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	static final class EmailTaken extends ProblemException {

		EmailTaken() {
			super(HttpStatus.CONFLICT, "email_taken", "An account with this email already exists.");
		}

	}

	static final class InvalidCredentials extends ProblemException {

		InvalidCredentials() {
			super(HttpStatus.UNAUTHORIZED, "invalid_credentials", "The email or password is incorrect.");
		}

	}

	static final class InvalidPassword extends ProblemException {

		InvalidPassword() {
			super(HttpStatus.FORBIDDEN, "invalid_password", "The password is incorrect.");
		}

	}

	/** The account was deleted while this request, authenticated a moment before, ran. */
	static final class AccountGone extends ProblemException {

		AccountGone() {
			super(HttpStatus.UNAUTHORIZED, "access_token_invalid", "This account no longer exists.");
		}

	}

	static final class AccountDisabled extends ProblemException {

		AccountDisabled() {
			super(HttpStatus.FORBIDDEN, "account_disabled", "This account is disabled.");
		}

	}

}
