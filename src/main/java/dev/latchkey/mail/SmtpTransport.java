package dev.latchkey.mail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jspecify.annotations.Nullable;

import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends mails over SMTP with a JavaMailSender built here from {@link MailSettings}, not
 * by Spring Boot's mail auto-configuration: the settings keep the template's variable
 * names and their checks in one record, SMTP_SECURITY maps onto several Jakarta Mail
 * properties at once (STARTTLS required, not merely tried; the server's name checked
 * against its certificate), and no JavaMailSender bean exists for Boot's mail health
 * check, which would mark every instance down whenever the SMTP server is, though the
 * outbox waits for it.
 * <p>
 * Every network step gives up after {@link #TIMEOUT_MILLIS}, so a hung server delays one
 * mail, never the sender for good. Each mail is a text part and an HTML part as
 * alternatives, with a Message-ID made from its outbox id: should it ever go out twice (a
 * crash between sending and marking it sent), both copies carry the same id.
 */
final class SmtpTransport implements MailTransport {

	static final int TIMEOUT_MILLIS = 10_000;

	private static final Pattern REPLY_CODE = Pattern.compile("^([2-5][0-9][0-9])[ -]");

	private static final int MAX_REASON = 200;

	private final JavaMailSenderImpl sender;

	private final InternetAddress from;

	private final String messageIdDomain;

	private final Clock clock;

	SmtpTransport(MailSettings settings, Clock clock) {
		this.sender = new JavaMailSenderImpl();
		this.sender.setHost(settings.smtpHost());
		this.sender.setPort(settings.smtpPort());
		this.sender.setProtocol("smtp");
		this.sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
		if (!settings.smtpUsername().isEmpty()) {
			this.sender.setUsername(settings.smtpUsername());
			this.sender.setPassword(settings.smtpPassword());
		}
		this.sender.setJavaMailProperties(properties(settings));
		this.from = settings.fromAddress();
		String address = this.from.getAddress();
		this.messageIdDomain = address.substring(address.indexOf('@') + 1);
		this.clock = clock;
	}

	private static Properties properties(MailSettings settings) {
		Properties properties = new Properties();
		String timeout = String.valueOf(TIMEOUT_MILLIS);
		properties.setProperty("mail.smtp.connectiontimeout", timeout);
		properties.setProperty("mail.smtp.timeout", timeout);
		properties.setProperty("mail.smtp.writetimeout", timeout);
		properties.setProperty("mail.smtp.auth", String.valueOf(!settings.smtpUsername().isEmpty()));
		switch (settings.security()) {
			case STARTTLS -> {
				properties.setProperty("mail.smtp.starttls.enable", "true");
				properties.setProperty("mail.smtp.starttls.required", "true");
				properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
			}
			case SSL -> {
				properties.setProperty("mail.smtp.ssl.enable", "true");
				properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
			}
			case NONE -> properties.setProperty("mail.smtp.starttls.enable", "false");
		}
		return properties;
	}

	@Override
	public void deliver(UUID mailId, OutgoingMail mail) throws DeliveryFailed {
		try {
			this.sender.send(message(mailId, mail));
		}
		catch (MessagingException | MailException ex) {
			throw new DeliveryFailed(reason(ex), ex);
		}
	}

	private MimeMessage message(UUID mailId, OutgoingMail mail) throws MessagingException {
		MimeMessage message = new IdentifiedMessage(this.sender.getSession(),
				"<" + mailId + "@" + this.messageIdDomain + ">");
		message.setFrom(this.from);
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
		message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
		message.setSentDate(Date.from(this.clock.instant()));
		MimeBodyPart text = new MimeBodyPart();
		text.setText(mail.text(), StandardCharsets.UTF_8.name());
		MimeBodyPart html = new MimeBodyPart();
		html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
		MimeMultipart alternatives = new MimeMultipart("alternative", text, html);
		message.setContent(alternatives);
		return message;
	}

	/**
	 * What the outbox may record of a failure: the class of the exception that says what
	 * went wrong and, from an SMTP server's refusal, its three-digit reply code. Never
	 * the messages: they quote addresses.
	 */
	static String reason(Throwable failure) {
		Throwable start = failure;
		if (failure instanceof MailSendException send && send.getMessageExceptions().length > 0) {
			start = send.getMessageExceptions()[0];
		}
		Throwable innermost = start;
		int depth = 0;
		for (Throwable cause = start; cause != null && depth < 16; cause = next(cause), depth++) {
			if (cause instanceof MessagingException && cause.getMessage() != null) {
				Matcher code = REPLY_CODE.matcher(cause.getMessage());
				if (code.find()) {
					return cut(cause.getClass().getSimpleName() + " " + code.group(1));
				}
			}
			innermost = cause;
		}
		return cut(innermost.getClass().getSimpleName());
	}

	private static @Nullable Throwable next(Throwable failure) {
		Throwable cause = failure.getCause();
		return (cause == failure) ? null : cause;
	}

	private static String cut(String reason) {
		return (reason.length() > MAX_REASON) ? reason.substring(0, MAX_REASON) : reason;
	}

	@Override
	public String toString() {
		return "SmtpTransport[" + this.sender.getHost() + ":" + this.sender.getPort() + "]";
	}

	/**
	 * A message whose Message-ID is ours, where Jakarta Mail would make up a random one.
	 */
	private static final class IdentifiedMessage extends MimeMessage {

		private final String messageId;

		IdentifiedMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}
