package dev.latchkey.config;

/**
 * A setting that Latchkey refuses to start with. The message is one sentence that names
 * the environment variable to fix; {@link InvalidConfigurationFailureAnalyzer} prints it
 * without a stack trace.
 */
public class InvalidConfiguration extends RuntimeException {

	public InvalidConfiguration(String message) {
		super(message);
	}

	static void require(boolean condition, String message) {
		if (!condition) {
			throw new InvalidConfiguration(message);
		}
	}

}
