package dev.latchkey.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.latchkey.config.InvalidConfiguration.require;

/**
 * Where and how mails are sent, checked when they are bound so that a bad value stops
 * startup with one sentence naming the variable.
 *
 * @param appName APP_NAME: the {@code app_name} of every template, and the sender's name
 * when MAIL_FROM is not set
 * @param smtpHost SMTP_HOST; blank sends nothing over SMTP (the dev mailbox with the
 * embedded database, else mails wait in the outbox)
 * @param smtpPort SMTP_PORT
 * @param smtpUsername SMTP_USERNAME; blank signs in to no account
 * @param smtpPassword SMTP_PASSWORD, never printed
 * @param smtpSecurity SMTP_SECURITY: starttls (required, not opportunistic), ssl (TLS
 * from the first byte) or none, in any case; held in lower case
 * @param from MAIL_FROM, one address with an optional name; blank is APP_NAME's no-reply
 * address at localhost
 * @param templatesDir MAIL_TEMPLATES_DIR; blank uses the bundled templates only
 * @param pollInterval MAIL_POLL_INTERVAL between looks at the outbox for due mails
 * @param giveUpAfter MAIL_GIVE_UP_AFTER: a mail still failing this long after it was
 * queued is given up
 */
@ConfigurationProperties("latchkey.mail")
record MailSettings(String appName, String smtpHost, int smtpPort, String smtpUsername, String smtpPassword,
		String smtpSecurity, String from, String templatesDir, Duration pollInterval, Duration giveUpAfter) {

	enum Security {

		STARTTLS, SSL, NONE

	}

	MailSettings {
		smtpHost = smtpHost.strip();
		smtpUsername = smtpUsername.strip();
		smtpSecurity = smtpSecurity.strip().toLowerCase(Locale.ROOT);
		from = from.strip();
		templatesDir = templatesDir.strip();
		require(smtpPort >= 1 && smtpPort <= 65535, "SMTP_PORT must be a port number from 1 to 65535.");
		require(smtpSecurity.equals("starttls") || smtpSecurity.equals("ssl") || smtpSecurity.equals("none"),
				"SMTP_SECURITY must be starttls, ssl or none (got '" + smtpSecurity + "').");
		require(smtpPassword.isEmpty() || !smtpUsername.isEmpty(),
				"SMTP_USERNAME must be set when SMTP_PASSWORD is: the password signs in to that account.");
		require(from.isEmpty() || parse(from).isPresent(),
				"MAIL_FROM must be one email address, optionally with a name, such as Latchkey <no-reply@example.com>.");
		require(templatesDir.isEmpty() || Files.isDirectory(Path.of(templatesDir)),
				"MAIL_TEMPLATES_DIR must name a directory (" + templatesDir + " is not one).");
		require(pollInterval.isPositive(), "MAIL_POLL_INTERVAL must be a positive duration such as PT10S.");
		require(giveUpAfter.isPositive(), "MAIL_GIVE_UP_AFTER must be a positive duration such as PT24H.");
	}

	Security security() {
		return Security.valueOf(this.smtpSecurity.toUpperCase(Locale.ROOT));
	}

	boolean smtpConfigured() {
		return !this.smtpHost.isEmpty();
	}

	/** MAIL_FROM, or APP_NAME's no-reply address at localhost when it is not set. */
	InternetAddress fromAddress() {
		return this.from.isEmpty() ? defaultFrom(this.appName) : parse(this.from).orElseThrow();
	}

	Optional<Path> templatesDirectory() {
		return this.templatesDir.isEmpty() ? Optional.empty() : Optional.of(Path.of(this.templatesDir));
	}

	/** Exactly one valid address, or nothing. */
	private static Optional<InternetAddress> parse(String from) {
		try {
			InternetAddress[] addresses = InternetAddress.parse(from, true);
			if (addresses.length != 1) {
				return Optional.empty();
			}
			addresses[0].validate();
			return Optional.of(addresses[0]);
		}
		catch (AddressException ex) {
			return Optional.empty();
		}
	}

	private static InternetAddress defaultFrom(String appName) {
		try {
			// Quoted as needed by Jakarta Mail, so an APP_NAME with a comma or quotes
			// still
			// makes one address.
			return new InternetAddress("no-reply@localhost", appName, StandardCharsets.UTF_8.name());
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException("Every Java runtime has UTF-8", ex);
		}
	}

	@Override
	public String toString() {
		return "MailSettings[smtpHost=" + this.smtpHost + ", smtpPort=" + this.smtpPort + ", smtpUsername="
				+ this.smtpUsername + ", smtpPassword=****, smtpSecurity=" + this.smtpSecurity + ", from=" + this.from
				+ ", templatesDir=" + this.templatesDir + ", pollInterval=" + this.pollInterval + ", giveUpAfter="
				+ this.giveUpAfter + "]";
	}

}
