package dev.latchkey.mail;

import org.jspecify.annotations.Nullable;

import dev.latchkey.config.DatabaseSettings;

/**
 * Where this instance's mails go, chosen once at startup (see {@link MailConfiguration}).
 *
 * @param destination which of the three it is
 * @param transport what delivers them; {@code null} when they wait in the outbox
 */
record MailRoute(Destination destination, @Nullable MailTransport transport) {

	enum Destination {

		/** SMTP_HOST is set. */
		SMTP,

		/** Zero-setup mode without SMTP_HOST: the in-memory mailbox at /dev/mailbox. */
		DEV_MAILBOX,

		/** DATABASE_URL without SMTP_HOST: nowhere yet. */
		OUTBOX

	}

	static Destination destination(MailSettings mail, DatabaseSettings database) {
		if (mail.smtpConfigured()) {
			return Destination.SMTP;
		}
		return database.embedded() ? Destination.DEV_MAILBOX : Destination.OUTBOX;
	}

	boolean toDevMailbox() {
		return this.destination == Destination.DEV_MAILBOX;
	}

}
