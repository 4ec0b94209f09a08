package dev.latchkey.users;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.hibernate.exception.ConstraintViolationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.latchkey.web.ProblemException;

/**
 * Accounts and their credentials. Password hashing never runs inside a database transaction,
 * so a slow hash never holds a pooled connection.
 */
@Service
public class UserService {

	private static final Logger logger = LoggerFactory.getLogger(UserService.class);

	private static final String EMAIL_UNIQUE_INDEX = "users_email_key";

	private final UserRepository users;

	private final PasswordHasher hasher;

	private final Clock clock;

	UserService(UserRepository users, PasswordHasher hasher, Clock clock) {
		this.users = users;
		this.hasher = hasher;
		this.clock = clock;
	}

	/**
	 * Creates an account. Of several requests racing for one address exactly one succeeds;
	 * the others get {@link EmailTaken}.
	 */
	public UserResponse register(String email, String password, @Nullable String fullName) {
		String normalized = Emails.normalize(email);
		if (this.users.findByNormalizedEmail(normalized).isPresent()) {
			throw new EmailTaken();
		}
		String hash = this.hasher.hash(password);
		try {
			User user = this.users.saveAndFlush(new User(normalized, hash, blankToNull(fullName), now()));
			logger.info("event=user_registered user_id={}", user.id());
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
	 * Checks an email and password. Takes as long for an unknown email as for a wrong password,
	 * and says neither; re-hashes a password stored with weaker parameters than today's.
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

	private void rehash(UUID userId, String hash) {
		this.users.findById(userId).ifPresent((user) -> {
			user.changePasswordHash(hash, now());
			this.users.save(user);
			logger.info("event=password_rehashed user_id={}", userId);
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

	static final class AccountDisabled extends ProblemException {

		AccountDisabled() {
			super(HttpStatus.FORBIDDEN, "account_disabled", "This account is disabled.");
		}

	}

}
