package dev.latchkey.mail;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import dev.latchkey.mail.Outbox.ClaimedMail;

/**
 * Drains the outbox: claims a batch of due mails in a short transaction of its own,
 * commits, sends each outside any transaction, then marks it sent or failed. It runs
 * every MAIL_POLL_INTERVAL, and right after the commit of every transaction that queued a
 * mail, always on its own thread: the request that queued a mail never waits for SMTP.
 * <p>
 * Several instances on one database send each mail once: a claim skips the rows another
 * instance is claiming ({@code SKIP LOCKED}) and the rows it holds
 * ({@code claimed_until}). An instance that stops after sending a mail but before marking
 * it sent leaves it claimed, and another sends it again once the claim has run out: at
 * least once, normally exactly once. A failed mail is tried again after 30 s, then after
 * twice as long each time, at most an hour apart, until MAIL_GIVE_UP_AFTER has passed
 * since it was queued.
 */
@Component
class OutboxSender implements DisposableBean {

	static final int BATCH = 10;

	/**
	 * How long a claim keeps other instances off a batch: far longer than a batch can
	 * take while every mail of it meets a server that stalls until its timeouts.
	 */
	static final Duration CLAIM = Duration.ofMinutes(5);

	/**
	 * A mail is not started with less of its claim left than this: another instance may
	 * take it once the claim runs out, and it would go out twice.
	 */
	static final Duration CLAIM_MARGIN = Duration.ofMinutes(1);

	static final Duration FIRST_RETRY = Duration.ofSeconds(30);

	static final Duration LONGEST_RETRY = Duration.ofHours(1);

	private static final Logger logger = LoggerFactory.getLogger(OutboxSender.class);

	private final Outbox outbox;

	private final OutboxCipher cipher;

	private final @Nullable MailTransport transport;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final ApplicationEventPublisher events;

	private final Duration giveUpAfter;

	/** One drain at a time on this instance, whoever started it. */
	private final ReentrantLock draining = new ReentrantLock();

	/** A drain is waiting for the thread: wakes meanwhile need no drain of their own. */
	private final AtomicBoolean wakePending = new AtomicBoolean();

	private final ExecutorService thread = Executors.newSingleThreadExecutor((runnable) -> {
		Thread sender = new Thread(runnable, "mail-sender");
		sender.setDaemon(true);
		return sender;
	});

	OutboxSender(Outbox outbox, OutboxCipher cipher, MailRoute route, Clock clock, TransactionTemplate transaction,
			ApplicationEventPublisher events, MailSettings settings, MeterRegistry meters) {
		this.outbox = outbox;
		this.cipher = cipher;
		this.transport = route.transport();
		this.clock = clock;
		this.transaction = transaction;
		this.events = events;
		this.giveUpAfter = settings.giveUpAfter();
		Gauge.builder("latchkey.mail.outbox.depth", this, OutboxSender::depth)
			.description("Mails neither sent nor given up")
			.register(meters);
		if (this.transport == null) {
			logger.warn("SMTP_HOST is not set, so mails are not sent: they wait in the outbox until SMTP_HOST is "
					+ "set and Latchkey is restarted.");
		}
	}

	/** After the commit of a transaction that queued a mail, never before. */
	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void on(MailQueued queued) {
		wake();
	}

	/** Every MAIL_POLL_INTERVAL: retries, and the mails of an instance that stopped. */
	@Scheduled(initialDelayString = "${latchkey.mail.poll-interval}",
			fixedDelayString = "${latchkey.mail.poll-interval}")
	void poll() {
		wake();
	}

	/** Hands a drain to the sender's thread and returns at once. */
	void wake() {
		if (this.transport == null || !this.wakePending.compareAndSet(false, true)) {
			return;
		}
		try {
			this.thread.execute(() -> {
				// Cleared first, so a mail queued during this drain wakes another.
				this.wakePending.set(false);
				try {
					drain();
				}
				catch (RuntimeException ex) {
					// The class only: a message could quote a row.
					logger.warn("The outbox could not be drained now ({}); the next poll tries again",
							ex.getClass().getSimpleName());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the next start sends it.
			this.wakePending.set(false);
		}
	}

	/**
	 * Sends every mail that is due, on the calling thread, and answers what became of
	 * them. Waits for a drain already running on this instance to finish first.
	 */
	Drained drain() {
		if (this.transport == null) {
			return new Drained(0, 0, 0);
		}
		this.draining.lock();
		try {
			Drained drained = new Drained(0, 0, 0);
			List<ClaimedMail> batch;
			do {
				batch = Objects.requireNonNull(
						this.transaction.execute((status) -> this.outbox.claim(this.clock.instant(), CLAIM, BATCH)));
				for (ClaimedMail mail : batch) {
					if (!this.clock.instant().isBefore(mail.claimedUntil().minus(CLAIM_MARGIN))) {
						// The rest of the batch is left for when its claim has run out.
						break;
					}
					drained = drained.plus(send(this.transport, mail));
				}
			}
			while (batch.size() == BATCH);
			return drained;
		}
		finally {
			this.draining.unlock();
		}
	}

	private Drained send(MailTransport transport, ClaimedMail mail) {
		OutgoingMail content;
		try {
			content = OutgoingMail.fromBytes(this.cipher.decrypt(mail.id(), mail.payload()));
		}
		catch (GeneralSecurityException | IllegalStateException ex) {
			// Sealed under another SECRET_KEY, or damaged: no later attempt can read it.
			return giveUp(mail, ex.getClass().getSimpleName());
		}
		try {
			transport.deliver(mail.id(), content);
		}
		catch (MailTransport.DeliveryFailed ex) {
			return failed(mail, ex.reason());
		}
		catch (RuntimeException ex) {
			return failed(mail, ex.getClass().getSimpleName());
		}
		this.outbox.markSent(mail.id(), this.clock.instant());
		this.events.publishEvent(new MailSent(mail.id(), mail.attempts()));
		return new Drained(1, 0, 0);
	}

	private Drained failed(ClaimedMail mail, String error) {
		Instant now = this.clock.instant();
		if (!now.isBefore(mail.createdAt().plus(this.giveUpAfter))) {
			return giveUp(mail, error);
		}
		Instant next = now.plus(retryDelay(mail.attempts()));
		this.outbox.markFailed(mail.id(), next, error);
		this.events.publishEvent(new MailAttemptFailed(mail.id(), mail.attempts(), error, next));
		return new Drained(0, 1, 0);
	}

	private Drained giveUp(ClaimedMail mail, String error) {
		this.outbox.markGivenUp(mail.id(), this.clock.instant(), error);
		this.events.publishEvent(new MailGivenUp(mail.id(), mail.attempts(), error));
		return new Drained(0, 0, 1);
	}

	/**
	 * 30 s after the first attempt, twice as long after each next one, at most an hour.
	 */
	static Duration retryDelay(int attempts) {
		int doublings = Math.min(Math.max(attempts - 1, 0), 20);
		Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
		return (delay.compareTo(LONGEST_RETRY) > 0) ? LONGEST_RETRY : delay;
	}

	private double depth() {
		try {
			return this.outbox.depth();
		}
		catch (DataAccessException ex) {
			return Double.NaN;
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.thread.shutdown();
		// A mail being sent gets its timeouts' worth; one cut short is sent again after
		// its claim runs out.
		if (!this.thread.awaitTermination(SmtpTransport.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
			this.thread.shutdownNow();
		}
	}

	/**
	 * What one drain did: mails sent, attempts failed (to be retried), mails given up.
	 */
	record Drained(int sent, int failed, int givenUp) {

		Drained plus(Drained other) {
			return new Drained(this.sent + other.sent, this.failed + other.failed, this.givenUp + other.givenUp);
		}

	}

}
