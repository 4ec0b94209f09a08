package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import dev.latchkey.config.InvalidConfiguration;

/**
 * Settings records as the application binds them, for unit tests that vary a setting:
 * from {@code application.yml} itself, so with its documented defaults, and with the
 * environment variables a test sets, by their names:
 * {@code TestSettings.defaults().with("TRUSTED_PROXIES", "10.0.0.0/8").bind(NetworkSettings.class)}.
 * The real process environment is never read, so a variable set on the machine that runs
 * the tests changes nothing. A new setting changes its record and application.yml, never
 * this class.
 * <p>
 * Instances are immutable: {@link #with} answers a copy.
 */
public final class TestSettings {

	/**
	 * Where unit tests start from other values than application.yml's: the key the
	 * integration tests sign with, limits switched off as in {@link IntegrationTest}, and
	 * one frontend origin.
	 */
	private static final Map<String, String> TEST_DEFAULTS = Map.of("SECRET_KEY", IntegrationTest.SECRET_KEY,
			"RATE_LIMITS_ENABLED", "false", "ALLOWED_ORIGINS", "http://localhost:3000");

	private static final String APPLICATION_YML_NAME = "application.yml";

	private static final List<PropertySource<?>> APPLICATION_YML = load();

	/**
	 * The variables application.yml reads, as {@code ${NAME:default}} or {@code ${NAME}}.
	 */
	private static final Set<String> VARIABLES = variablesRead();

	private final Map<String, Object> variables;

	private TestSettings(Map<String, Object> variables) {
		this.variables = variables;
	}

	/** application.yml's defaults, except for the few tests start from (see above). */
	public static TestSettings defaults() {
		return new TestSettings(Map.copyOf(TEST_DEFAULTS));
	}

	/**
	 * These settings with one environment variable set, as it would be written in the
	 * environment or in {@code .env}.
	 * @param variable the variable's name, such as {@code ACCESS_TOKEN_EXPIRE_MINUTES}
	 * @throws IllegalArgumentException when application.yml reads no such variable, so
	 * that a misspelt name fails the test instead of leaving the default in place
	 */
	public TestSettings with(String variable, String value) {
		if (!VARIABLES.contains(variable)) {
			throw new IllegalArgumentException(APPLICATION_YML_NAME + " reads no variable named " + variable);
		}
		Map<String, Object> variables = new LinkedHashMap<>(this.variables);
		variables.put(variable, value);
		return new TestSettings(Map.copyOf(variables));
	}

	/**
	 * Binds a settings record at the prefix of its {@code @ConfigurationProperties}, as
	 * the application does at startup.
	 * @throws InvalidConfiguration the record's refusal, when it refuses a value
	 */
	public <T> T bind(Class<T> type) {
		MergedAnnotation<ConfigurationProperties> properties = MergedAnnotations.from(type)
			.get(ConfigurationProperties.class);
		if (!properties.isPresent()) {
			throw new IllegalArgumentException(type.getName() + " is not annotated with @ConfigurationProperties");
		}
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new MapPropertySource("test environment", this.variables));
		APPLICATION_YML.forEach(sources::addLast);
		Binder binder = new Binder(ConfigurationPropertySources.from(sources),
				new PropertySourcesPlaceholdersResolver(sources));
		try {
			return binder.bindOrCreate(properties.getString("prefix"), type);
		}
		catch (BindException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof InvalidConfiguration refusal) {
					throw refusal;
				}
			}
			throw ex;
		}
	}

	private static List<PropertySource<?>> load() {
		try {
			return new YamlPropertySourceLoader().load(APPLICATION_YML_NAME,
					new ClassPathResource(APPLICATION_YML_NAME));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + APPLICATION_YML_NAME + " from the classpath", ex);
		}
	}

	private static Set<String> variablesRead() {
		try {
			String yml = new ClassPathResource(APPLICATION_YML_NAME).getContentAsString(StandardCharsets.UTF_8);
			return Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]")
				.matcher(yml)
				.results()
				.map((match) -> match.group(1))
				.collect(Collectors.toUnmodifiableSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + APPLICATION_YML_NAME + " from the classpath", ex);
		}
	}

}
