package dev.latchkey.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

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
		Map<String, String> all = new LinkedHashMap<>();
		all.put("DOTENV_FILE", "");
		all.put("SECRET_KEY", IntegrationTest.SECRET_KEY);
		all.put("RATE_LIMITS_ENABLED", "false");
		all.put("server.port", "0");
		all.putAll(settings);
		List<String> arguments = new ArrayList<>();
		all.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		SpringApplication application = new SpringApplication(LatchkeyApplication.class);
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
