package dev.latchkey.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;

import dev.latchkey.LatchkeyApplication;

/**
 * One more Latchkey process-equivalent: a whole application context on its own random
 * port, configured only through its settings, as a second instance behind a load balancer
 * would be.
 */
public final class RunningInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts an instance with the test defaults (no .env, the test signing key, limits
	 * off, a random port) overridden by {@code settings}, which use the environment
	 * variable names.
	 */
	public static RunningInstance start(Map<String, String> settings) {
		return start(settings, Map.of());
	}

	/**
	 * Starts an instance as {@link #start(Map)} does, in a process whose environment
	 * variables also hold {@code environmentVariables}: what the platform it runs on
	 * sets, such as Kubernetes' KUBERNETES_SERVICE_HOST, which Spring Boot reads to
	 * detect the platform.
	 */
	public static RunningInstance start(Map<String, String> settings, Map<String, String> environmentVariables) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("DOTENV_FILE", "");
		all.put("SECRET_KEY", IntegrationTest.SECRET_KEY);
		all.put("RATE_LIMITS_ENABLED", "false");
		all.put("server.port", "0");
		all.putAll(settings);
		List<String> arguments = new ArrayList<>();
		all.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		SpringApplication application = new SpringApplication(LatchkeyApplication.class);
		if (!environmentVariables.isEmpty()) {
			StandardServletEnvironment environment = new StandardServletEnvironment();
			Map<String, Object> variables = new LinkedHashMap<>(environment.getSystemEnvironment());
			variables.putAll(environmentVariables);
			String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
			environment.getPropertySources().replace(name, new SystemEnvironmentPropertySource(name, variables));
			application.setEnvironment(environment);
		}
		return new RunningInstance(application.run(arguments.toArray(String[]::new)));
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	public ApiClient client() {
		return new ApiClient(port());
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
