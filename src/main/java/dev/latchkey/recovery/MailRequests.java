package dev.latchkey.recovery;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.latchkey.failures.Failure;

/**
 * Where asking for a mail does its work once the request has been answered: one thread,
 * in the order the requests came, so that whether an address has an account never shows
 * in the answer's time. The work is a lookup and, for an account, a token and a mail in
 * the outbox, each a few milliseconds; a full queue answers 503 to every request alike. A
 * request accepted here and lost in a crash before it ran is lost: the user asks again.
 */
@Component
class MailRequests implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(MailRequests.class);

	private static final int QUEUE_CAPACITY = 1000;

	private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(QUEUE_CAPACITY), Thread.ofPlatform().name("mail-requests").daemon().factory());

	void submit(Runnable work) {
		try {
			this.executor.execute(() -> {
				try {
					work.run();
				}
				catch (RuntimeException ex) {
					// The exception can name the address; its type and the job are
					// enough.
					logger.error("event=mail_request_failed error={}", ex.getClass().getSimpleName());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			throw new Busy();
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
	}

	static final class Busy extends Failure {

		Busy() {
			super(Kind.BUSY, "server_busy", "Too many requests for mails are waiting; try again in a moment.");
		}

		@Override
		public Optional<Duration> retryAfter() {
			return Optional.of(Duration.ofSeconds(5));
		}

	}

}
