package dev.latchkey.mail;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.latchkey.config.DatabaseSettings;

/**
 * Where mails go, decided once at startup:
 * <ul>
 * <li>SMTP_HOST set: to that SMTP server;</li>
 * <li>no SMTP_HOST, embedded database (zero-setup mode): to the in-memory
 * {@link DevMailbox}, shown at /dev/mailbox;</li>
 * <li>no SMTP_HOST, DATABASE_URL set: nowhere. They wait in the outbox, and go out once
 * SMTP_HOST is set and Latchkey restarted; the sender says so at startup.</li>
 * </ul>
 * A real deployment never shows its mails on a page, and a developer needs no SMTP
 * server. The choice is made when {@link MailRoute} is created, not by bean conditions:
 * an AOT-processed build fixes those when it is built, and SMTP_HOST is set where it
 * runs.
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MailConfiguration.class);

	// Always there, and empty unless the route leads to it: the controller that shows it
	// needs a bean to exist whatever the route.
	@Bean
	DevMailbox devMailbox(Clock clock) {
		return new DevMailbox(clock);
	}

	@Bean
	MailRoute mailRoute(MailSettings settings, DatabaseSettings database, Clock clock, DevMailbox devMailbox) {
		MailRoute.Destination destination = MailRoute.destination(settings, database);
		return switch (destination) {
			case SMTP -> {
				logger.info("Mails are sent through the SMTP server at {}:{} ({})", settings.smtpHost(),
						settings.smtpPort(), settings.smtpSecurity());
				yield new MailRoute(destination, new SmtpTransport(settings, clock));
			}
			case DEV_MAILBOX -> new MailRoute(destination, devMailbox);
			case OUTBOX -> new MailRoute(destination, null);
		};
	}

}
