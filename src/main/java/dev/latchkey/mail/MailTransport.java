package dev.latchkey.mail;

import java.util.UUID;

/** Where the sender hands mails: an SMTP server, or the dev mailbox. */
interface MailTransport {

	/**
	 * Delivers one mail, or throws; never retries by itself, the outbox does.
	 * @throws DeliveryFailed when the mail was not accepted
	 */
	void deliver(UUID mailId, OutgoingMail mail) throws DeliveryFailed;

	/**
	 * A mail was not accepted.
	 */
	final class DeliveryFailed extends Exception {

		private final String reason;

		/**
		 * @param reason what the outbox records: an exception class name and an SMTP
		 * reply code, never an address or a message text
		 */
		DeliveryFailed(String reason, Throwable cause) {
			super(reason, cause);
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
