package dev.latchkey.observability;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.latchkey.auth.LoginFailed;
import dev.latchkey.auth.LoginSucceeded;
import dev.latchkey.auth.RefreshAttempted;
import dev.latchkey.mail.MailAttemptFailed;
import dev.latchkey.mail.MailGivenUp;
import dev.latchkey.mail.MailQueued;
import dev.latchkey.mail.MailSent;
import dev.latchkey.mfa.MfaChecked;
import dev.latchkey.mfa.MfaDisabled;
import dev.latchkey.mfa.MfaEnabled;
import dev.latchkey.mfa.PasskeyAdded;
import dev.latchkey.mfa.PasskeyCounterRegressed;
import dev.latchkey.mfa.PasskeyRemoved;
import dev.latchkey.mfa.RecoveryCodeUsed;
import dev.latchkey.ratelimit.RateLimitExceeded;
import dev.latchkey.recovery.EmailChangeRequested;
import dev.latchkey.recovery.EmailChanged;
import dev.latchkey.recovery.EmailVerified;
import dev.latchkey.recovery.PasswordReset;
import dev.latchkey.recovery.PasswordResetRequested;
import dev.latchkey.sessions.RefreshTokenReused;
import dev.latchkey.sessions.SessionsRevoked;
import dev.latchkey.users.AccountDeleted;
import dev.latchkey.users.PasswordChanged;
import dev.latchkey.users.PasswordRehashed;
import dev.latchkey.users.UserRegistered;
import dev.latchkey.web.CrossOriginRequestRefused;

/**
 * The security events: what the other modules publish as facts, each written once as a
 * structured {@code key=value} log line (on the {@code latchkey.security} logger) and
 * counted for /metrics. Events carry ids, reasons and client addresses: never a token, a
 * password, a hash or an email.
 * <p>
 * A fact published inside a transaction is written once that transaction has committed,
 * so a line never reports what was rolled back (a session cap applied by a login that
 * then failed, say); one published outside a transaction is written at once.
 * <p>
 * Values often come from the request (headers, the path, the client address), so every
 * line is written through {@link EventLog}, which writes each value as it is or quoted
 * and escaped: a value can never add a field or a line. Keep the templates constant, with
 * every value in a {@code {}}.
 * <p>
 * The mail module's facts are written on the {@code latchkey.mail} logger, with mail ids,
 * templates, attempts and error classes: never an address, a subject or a body, which
 * carry single-use links.
 */
@Component
public class SecurityEvents {

	private static final EventLog log = new EventLog("latchkey.security");

	private static final EventLog mailLog = new EventLog("latchkey.mail");

	private final MeterRegistry meters;

	public SecurityEvents(MeterRegistry meters) {
		this.meters = meters;
		// Present at 0 from the start, so an alert on their rate needs no first mail.
		meters.counter("latchkey.mails.queued");
		meters.counter("latchkey.mails.sent");
		meters.counter("latchkey.mails.failed");
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(LoginSucceeded event) {
		this.meters.counter("latchkey.logins", "outcome", "success").increment();
		log.info("event=login_succeeded user_id={} session_id={} ip={}", event.userId(), event.sessionId(), event.ip());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(LoginFailed event) {
		this.meters.counter("latchkey.logins", "outcome", event.reason()).increment();
		log.info("event=login_failed reason={} ip={}", event.reason(), event.ip());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(RefreshAttempted event) {
		this.meters.counter("latchkey.refreshes", "outcome", event.outcome()).increment();
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(RefreshTokenReused event) {
		this.meters.counter("latchkey.refresh.reuse.detected").increment();
		log.warn("event=refresh_token_reused user_id={} session_id={}", event.userId(), event.sessionId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(SessionsRevoked event) {
		String reason = event.reason().value();
		this.meters.counter("latchkey.sessions.revoked", "reason", reason).increment(event.count());
		log.info("event=session_revoked user_id={} count={} reason={}", event.userId(), event.count(), reason);
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(UserRegistered event) {
		log.info("event=user_registered user_id={}", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(PasswordRehashed event) {
		log.info("event=password_rehashed user_id={}", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(PasswordChanged event) {
		log.info("event=password_changed user_id={}", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(AccountDeleted event) {
		log.info("event=account_deleted user_id={}", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(CrossOriginRequestRefused event) {
		this.meters.counter("latchkey.cross.origin.refused").increment();
		log.info("event=cross_origin_request_refused method={} path={} origin={} sec_fetch_site={}", event.method(),
				event.path(), event.origin(), event.fetchSite());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(RateLimitExceeded event) {
		this.meters.counter("latchkey.rate.limited", "limit", event.limit()).increment();
		log.info("event=rate_limited limit={} ip={}", event.limit(), event.ip());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(PasswordResetRequested event) {
		log.info("event=password_reset_requested user_id={}", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(PasswordReset event) {
		log.info("event=password_reset user_id={} sessions_ended={}", event.userId(), event.sessionsEnded());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(EmailVerified event) {
		log.info("event=email_verified user_id={}", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(EmailChangeRequested event) {
		log.info("event=email_change_requested user_id={}", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(EmailChanged event) {
		log.info("event=email_changed user_id={}", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(MfaEnabled event) {
		log.info("event=mfa_enabled user_id={} method=totp", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(MfaDisabled event) {
		log.info("event=mfa_disabled user_id={} method=totp", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(MfaChecked event) {
		this.meters
			.counter("latchkey.mfa.checks", "method", event.method(), "outcome",
					event.succeeded() ? "success" : "failure")
			.increment();
		if (!event.succeeded()) {
			log.info("event=mfa_failed user_id={} method={}", event.userId(), event.method());
		}
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(RecoveryCodeUsed event) {
		log.info("event=recovery_code_used user_id={}", event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(PasskeyAdded event) {
		log.info("event=passkey_added user_id={} passkey_id={}", event.userId(), event.passkeyId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(PasskeyRemoved event) {
		log.info("event=passkey_removed user_id={} passkey_id={}", event.userId(), event.passkeyId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(PasskeyCounterRegressed event) {
		this.meters.counter("latchkey.passkeys.counter_regressions").increment();
		log.warn("event=passkey_counter_regressed user_id={} passkey_id={} stored_count={} presented_count={}",
				event.userId(), event.passkeyId(), event.storedCount(), event.presentedCount());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(MailQueued event) {
		this.meters.counter("latchkey.mails.queued").increment();
		mailLog.info("event=mail_queued mail_id={} template={}", event.mailId(), event.template());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(MailSent event) {
		this.meters.counter("latchkey.mails.sent").increment();
		mailLog.info("event=mail_sent mail_id={} attempts={}", event.mailId(), event.attempts());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(MailAttemptFailed event) {
		mailLog.warn("event=mail_attempt_failed mail_id={} attempts={} error={} next_attempt_at={}", event.mailId(),
				event.attempts(), event.error(), event.nextAttemptAt());
	}

	@TransactionalEventListener(fallbackExecution = true)
	public void on(MailGivenUp event) {
		this.meters.counter("latchkey.mails.failed").increment();
		mailLog.error("event=mail_given_up mail_id={} attempts={} error={}", event.mailId(), event.attempts(),
				event.error());
	}

}
