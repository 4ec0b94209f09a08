package dev.latchkey.mail;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

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
 * server.
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MailConfiguration.class);

	private static final String SMTP_HOST = "latchkey.mail.smtp-host";

	private static final String DATABASE_URL = "latchkey.database.url";

	@Bean
	@Conditional(SmtpMode.class)
	MailTransport smtpTransport(MailSettings settings, Clock clock) {
		SmtpTransport transport = new SmtpTransport(settings, clock);
		logger.info("Mails are sent through the SMTP server at {}:{} ({})", settings.smtpHost(), settings.smtpPort(),
				settings.smtpSecurity());
		return transport;
	}

	@Bean
	@Conditional(DevMailboxMode.class)
	DevMailbox devMailbox(Clock clock) {
		return new DevMailbox(clock);
	}

	private static boolean blank(Environment environment, String property) {
		return environment.getProperty(property, "").isBlank();
	}

	static class SmtpMode implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !blank(context.getEnvironment(), SMTP_HOST);
		}

	}

	static class DevMailboxMode implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return blank(context.getEnvironment(), SMTP_HOST) && blank(context.getEnvironment(), DATABASE_URL);
		}

	}

}
