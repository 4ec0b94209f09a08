package dev.latchkey.recovery;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.mail.Mailer;
import dev.latchkey.ratelimit.RateLimit;
import dev.latchkey.ratelimit.RateLimiter;
import dev.latchkey.ratelimit.RateLimiter.Subject;
import dev.latchkey.recovery.MailedTokens.Redeemed;
import dev.latchkey.users.CurrentUser;
import dev.latchkey.users.UserResponse;
import dev.latchkey.users.UserService;
import dev.latchkey.users.UserService.NewPassword;

/**
 * Password reset and address verification by mailed tokens. Asking for a mail answers the
 * same whether the address has an account or not: the limits are taken on the request's
 * thread for every address alike, and the lookup, the token and the mail happen
 * afterwards on {@link MailRequests}' thread, so neither the answer nor its time tells.
 */
@Service
class RecoveryService {

	private static final Set<TokenPurpose> RESET = Set.of(TokenPurpose.RESET_PASSWORD);

	private static final Set<TokenPurpose> VERIFY = Set.of(TokenPurpose.VERIFY_EMAIL, TokenPurpose.CHANGE_EMAIL);

	private final UserService users;

	private final MailedTokens tokens;

	private final Mailer mailer;

	private final RateLimiter limiter;

	private final MailRequests requests;

	private final RecoverySettings settings;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	RecoveryService(UserService users, MailedTokens tokens, Mailer mailer, RateLimiter limiter, MailRequests requests,
			RecoverySettings settings, ApplicationEventPublisher events, TransactionTemplate transaction) {
		this.users = users;
		this.tokens = tokens;
		this.mailer = mailer;
		this.limiter = limiter;
		this.requests = requests;
		this.settings = settings;
		this.events = events;
		this.transaction = transaction;
	}

	/**
	 * Mails a reset link if an active account has this address; answers at once either
	 * way. A new link ends the account's earlier ones.
	 */
	void requestPasswordReset(String email, String ip) {
		limitMailRequests(email, ip);
		this.requests
			.submit(() -> this.users.findByEmail(email).filter(UserResponse::isActive).ifPresent(this::mailResetLink));
	}

	/**
	 * Mails a verification link if an active account that has not proved this address has
	 * it; answers at once either way.
	 */
	void requestVerification(String email, String ip) {
		limitMailRequests(email, ip);
		this.requests.submit(() -> this.users.findByEmail(email)
			.filter((user) -> user.isActive() && !user.isVerified())
			.ifPresent((user) -> this.transaction.executeWithoutResult((status) -> mailVerificationLink(user))));
	}

	/**
	 * Sets a new password with a reset token and ends every session of the account. A
	 * wrong token is refused before the password is hashed, so guessing costs no hashing;
	 * the token is used up only in the transaction that sets the password.
	 * @return how many sessions were ended
	 */
	int resetPassword(String token, String password, String ip) {
		return countingRefusals(ip, () -> {
			Redeemed found = this.tokens.find(token, RESET).orElseThrow(TokenRefused::invalidReset);
			if (this.tokens.expired(found)) {
				throw TokenRefused.expiredReset();
			}
			NewPassword newPassword = this.users.hashNewPassword(password);
			return this.transaction.execute((status) -> {
				Redeemed redeemed = this.tokens.redeem(token, RESET).orElseThrow(TokenRefused::invalidReset);
				if (this.tokens.expired(redeemed)) {
					throw TokenRefused.expiredReset();
				}
				if (this.users.findActive(redeemed.userId()).isEmpty()) {
					throw TokenRefused.invalidReset();
				}
				int sessionsEnded = this.users.resetPassword(redeemed.userId(), newPassword);
				this.events.publishEvent(new PasswordReset(redeemed.userId(), sessionsEnded));
				return sessionsEnded;
			});
		});
	}

	/**
	 * Proves an address with a verification token: for a registration's token the
	 * account's address is marked verified; for an email change's the account moves to
	 * the new address, its old address is told, and the links still outstanding for the
	 * old one end.
	 */
	UserResponse verify(String token, String ip) {
		return countingRefusals(ip, () -> {
			Optional<UserResponse> verified = this.transaction.execute((status) -> {
				Redeemed redeemed = this.tokens.redeem(token, VERIFY).orElseThrow(TokenRefused::invalidVerify);
				if (this.tokens.expired(redeemed)) {
					// Used up all the same, and committed: it can never become valid
					// again.
					return Optional.empty();
				}
				UserResponse user = this.users.findActive(redeemed.userId()).orElseThrow(TokenRefused::invalidVerify);
				if (redeemed.purpose() == TokenPurpose.CHANGE_EMAIL && redeemed.newEmail() != null) {
					return Optional.of(changeEmail(user, redeemed.newEmail()));
				}
				UserResponse marked = this.users.markVerified(user.id());
				this.events.publishEvent(new EmailVerified(marked.id()));
				return Optional.of(marked);
			});
			return verified.orElseThrow(TokenRefused::expiredVerify);
		});
	}

	/**
	 * Mails a link that moves the account to a new address once it is opened there, and a
	 * notice to the current address; nothing changes before the link is used. The
	 * password is checked first, so that a stolen access cookie alone can neither move
	 * the account nor learn which addresses have accounts. A new request ends the earlier
	 * one's link.
	 */
	void requestEmailChange(CurrentUser currentUser, String newEmail, String password, String ip) {
		limitMailRequests(newEmail, ip);
		UserResponse user = this.users.confirmPassword(currentUser, password);
		this.users.requireEmailAvailable(newEmail);
		this.transaction.executeWithoutResult((status) -> {
			this.tokens.endOutstanding(user.id(), TokenPurpose.CHANGE_EMAIL);
			String token = this.tokens.issue(TokenPurpose.CHANGE_EMAIL, user.id(), newEmail,
					this.settings.verifyTokenLifetime());
			this.mailer.send(newEmail, "email-change-confirm",
					Map.of("link", this.settings.link("verify", token), "new_email", newEmail));
			this.mailer.send(user.email(), "email-change-requested", Map.of("new_email", newEmail));
			this.events.publishEvent(new EmailChangeRequested(user.id()));
		});
	}

	private UserResponse changeEmail(UserResponse user, String newEmail) {
		UserResponse changed = this.users.changeEmail(user.id(), newEmail);
		// Links mailed to the old address, or for another new one, must not outlive the
		// change.
		for (TokenPurpose purpose : TokenPurpose.values()) {
			this.tokens.endOutstanding(user.id(), purpose);
		}
		this.mailer.send(user.email(), "email-changed-notice", Map.of("new_email", changed.email()));
		this.events.publishEvent(new EmailChanged(user.id()));
		return changed;
	}

	/**
	 * Runs a use of a mailed token, counting it against the client address's failures
	 * unless it succeeds or fails for a reason other than the token (busy hashing, an
	 * outage).
	 */
	private <T> T countingRefusals(String ip, Supplier<T> use) {
		RateLimiter.Attempts failures = this.limiter.consume(ip,
				Subject.address(RateLimit.TOKEN_FAILURES_PER_ADDRESS, ip));
		try {
			T result = use.get();
			failures.refund();
			return result;
		}
		catch (TokenRefused ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			failures.refund();
			throw ex;
		}
	}

	/**
	 * Issues a verification token for the account and queues its mail, in the caller's
	 * transaction.
	 */
	void mailVerificationLink(UserResponse user) {
		String token = this.tokens.issue(TokenPurpose.VERIFY_EMAIL, user.id(), null,
				this.settings.verifyTokenLifetime());
		this.mailer.send(user.email(), "verify-email", Map.of("link", this.settings.link("verify", token)));
	}

	/** Ends the account's outstanding reset links, in the caller's transaction. */
	void endResetLinks(UUID userId) {
		this.tokens.endOutstanding(userId, TokenPurpose.RESET_PASSWORD);
	}

	private void mailResetLink(UserResponse user) {
		this.transaction.executeWithoutResult((status) -> {
			endResetLinks(user.id());
			String token = this.tokens.issue(TokenPurpose.RESET_PASSWORD, user.id(), null,
					this.settings.resetTokenLifetime());
			this.mailer.send(user.email(), "reset-password",
					Map.of("link", this.settings.link("reset-password", token)));
			this.events.publishEvent(new PasswordResetRequested(user.id()));
		});
	}

	private void limitMailRequests(String email, String ip) {
		this.limiter.consume(ip, new Subject(RateLimit.MAIL_REQUESTS_PER_EMAIL, email),
				Subject.address(RateLimit.MAIL_REQUESTS_PER_ADDRESS, ip));
	}

}
