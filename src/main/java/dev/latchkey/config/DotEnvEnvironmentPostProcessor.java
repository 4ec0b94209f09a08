package dev.latchkey.config;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Adds the working directory's {@code .env} file (or DOTENV_FILE; blank switches it off)
 * just below the real environment variables, so that a variable set in the shell always
 * wins. The source answers relaxed names the way environment variables do, so
 * {@code DEBUG=true} in the file means what it means in the environment.
 */
class DotEnvEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "dotenv";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String location = environment.getProperty("DOTENV_FILE", ".env");
		if (location.isBlank()) {
			return;
		}
		Path file = Path.of(location);
		if (!Files.isRegularFile(file)) {
			return;
		}
		SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(PROPERTY_SOURCE_NAME,
				DotEnvFile.read(file));
		if (environment.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources()
				.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
		}
		else {
			environment.getPropertySources().addLast(source);
		}
	}

	@Override
	public int getOrder() {
		// Before Spring's config data processing, so application.yml placeholders see the
		// values.
		return Ordered.HIGHEST_PRECEDENCE + 5;
	}

}
