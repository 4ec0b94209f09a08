package dev.latchkey.recovery;

import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.latchkey.mail.Mailer;
import dev.latchkey.users.PasswordChanged;
import dev.latchkey.users.UserRegistered;
import dev.latchkey.users.UserService;

/**
 * What the accounts' facts mean for recovery, done in the transaction that made them
 * true, so that the mail is in the outbox exactly when the fact is committed.
 */
@Component
class RecoveryListeners {

	private final RecoveryService recovery;

	private final UserService users;

	private final Mailer mailer;

	RecoveryListeners(RecoveryService recovery, UserService users, Mailer mailer) {
		this.recovery = recovery;
		this.users = users;
		this.mailer = mailer;
	}

	/** A new account gets its verification link. */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void mailVerificationLink(UserRegistered registered) {
		this.users.findActive(registered.userId()).ifPresent(this.recovery::mailVerificationLink);
	}

	/**
	 * A new password, changed or reset, ends the reset links still outstanding (one
	 * mailed before the change must not undo it) and tells the account's address, so that
	 * an owner whose password someone else changed finds out.
	 */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void onPasswordChanged(PasswordChanged changed) {
		this.recovery.endResetLinks(changed.userId());
		this.users.findActive(changed.userId())
			.ifPresent((user) -> this.mailer.send(user.email(), "password-changed", Map.of()));
	}

}
