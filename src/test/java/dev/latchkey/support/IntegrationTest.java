package dev.latchkey.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port, on the real test PostgreSQL
 * ({@link TestDatabase}), sending its mail to the real test SMTP server
 * ({@link TestMailServer}), with the default configuration (Secure, SameSite=Lax
 * cookies), a movable clock, and no .env file. Rate limits are off: every test client
 * shares one address, 127.0.0.1, and the tests of the limits switch them on with limits
 * of their own. Test classes that add no properties share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "DOTENV_FILE=", "SECRET_KEY=" + IntegrationTest.SECRET_KEY, "RATE_LIMITS_ENABLED=false" })
@ContextConfiguration(initializers = IntegrationTest.Database.class)
@Import(IntegrationTest.Clocks.class)
public @interface IntegrationTest {

	String SECRET_KEY = "integration-test-signing-key-0123456789abcdef";

	class Database implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			ConfigurableEnvironment environment = context.getEnvironment();
			TestPropertyValues values = TestPropertyValues.empty();
			// A test with a database or an SMTP server of its own has named it already.
			if (!setByTheTest(environment, "DATABASE_URL")) {
				values = values.and("DATABASE_URL=" + TestDatabase.url());
			}
			if (!setByTheTest(environment, "SMTP_HOST")) {
				values = values.and(TestMailServer.shared().settings());
			}
			values.applyTo(context);
		}

		/** Set by the test's own properties: the machine's environment does not count. */
		private static boolean setByTheTest(ConfigurableEnvironment environment, String name) {
			return environment.getPropertySources()
				.stream()
				.filter((source) -> !StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME
					.equals(source.getName()))
				.anyMatch((source) -> source.containsProperty(name));
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	class Clocks {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock();
		}

	}

}
