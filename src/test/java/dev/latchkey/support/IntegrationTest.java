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
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port, on the real test PostgreSQL
 * ({@link TestDatabase}), with the default configuration (Secure, SameSite=Lax cookies),
 * a movable clock, and no .env file. Rate limits are off: every test client shares one
 * address, 127.0.0.1, and the tests of the limits switch them on with limits of their
 * own. Test classes that add no properties share one application context.
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
			TestPropertyValues.of("DATABASE_URL=" + TestDatabase.url()).applyTo(context);
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
