package dev.latchkey.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * Zero-setup mode's SMTP server: the last {@link #CAPACITY} mails, in memory, shown at
 * /dev/mailbox, so that verification and reset links can be followed on a development
 * machine with nothing configured. A restart empties it; the outbox has marked its mails
 * sent.
 */
final class DevMailbox implements MailTransport {

	static final int CAPACITY = 100;

	private final Deque<DevMail> mails = new ArrayDeque<>(CAPACITY);

	private final Clock clock;

	DevMailbox(Clock clock) {
		this.clock = clock;
	}

	@Override
	public synchronized void deliver(UUID mailId, OutgoingMail mail) {
		if (this.mails.size() == CAPACITY) {
			this.mails.removeLast();
		}
		this.mails.addFirst(new DevMail(mailId, this.clock.instant(), mail.to(), mail.subject(), mail.text()));
	}

	synchronized List<DevMail> newestFirst() {
		return List.copyOf(this.mails);
	}

	record DevMail(UUID id, Instant receivedAt, String to, String subject, String text) {

		@Override
		public String toString() {
			return "DevMail[id=" + this.id + "]";
		}

	}

}
