package dev.latchkey.mail;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends mails, durably: {@link #send} renders the mail and writes it, encrypted, to the
 * outbox in the caller's transaction, and the background sender delivers it after that
 * transaction commits. So a mail goes out if and only if what caused it was committed,
 * and no request ever waits for an SMTP server.
 * <p>
 * Delivery is at least once and normally exactly once: several instances never send the
 * same mail, but an instance that stops between handing a mail to the SMTP server and
 * marking it sent leaves it to be sent again when its claim runs out, with the same
 * Message-ID.
 */
@Component
public class Mailer {

	private final MailTemplates templates;

	private final OutboxCipher cipher;

	private final Outbox outbox;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Mailer(MailTemplates templates, OutboxCipher cipher, Outbox outbox, Clock clock, ApplicationEventPublisher events) {
		this.templates = templates;
		this.cipher = cipher;
		this.outbox = outbox;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Records the mail in the outbox in the caller's transaction (Propagation.MANDATORY);
	 * it is sent after commit by the background sender. A rollback sends nothing.
	 * @param to the recipient: one email address, without a name
	 * @param template the name of a template under {@code mail/}, such as
	 * {@code reset-password}
	 * @param values a value for every placeholder of the template but {@code app_name},
	 * which is always APP_NAME
	 * @throws IllegalArgumentException for a recipient that is not one address, an
	 * unknown template or a placeholder without a value: bugs, which must not send a
	 * broken mail
	 * @throws org.springframework.transaction.IllegalTransactionStateException outside a
	 * transaction
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void send(String to, String template, Map<String, String> values) {
		String recipient = recipient(to);
		RenderedMail mail = this.templates.render(template, values);
		UUID id = UUID.randomUUID();
		byte[] payload = new OutgoingMail(recipient, mail.subject(), mail.text(), mail.html()).toBytes();
		this.outbox.insert(id, this.cipher.encrypt(id, payload), this.clock.instant());
		this.events.publishEvent(new MailQueued(id, template));
	}

	private static String recipient(String to) {
		try {
			InternetAddress address = new InternetAddress(to.strip(), true);
			address.validate();
			if (address.getPersonal() != null || address.isGroup()) {
				throw new IllegalArgumentException("The recipient must be a bare email address, without a name");
			}
			return address.getAddress();
		}
		catch (AddressException ex) {
			// The address itself stays out of the message: exceptions get logged.
			throw new IllegalArgumentException("The recipient is not an email address");
		}
	}

}
