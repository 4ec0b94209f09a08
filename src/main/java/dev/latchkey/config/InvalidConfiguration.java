package dev.latchkey.config;

import org.jspecify.annotations.Nullable;

/**
 * A setting that Latchkey refuses to start with. The message is one sentence that names
 * the environment variable to fix, or the file in DATA_DIR to deal with;
 * {@link InvalidConfigurationFailureAnalyzer} prints it without a stack trace.
 */
public class InvalidConfiguration extends RuntimeException {

	private final @Nullable String action;

	public InvalidConfiguration(String message) {
		super(message);
		this.action = null;
	}

	/**
	 * A refusal that is not about an environment variable.
	 * @param message the one sentence saying what is wrong and what to do
	 * @param action what to do next, printed under the sentence
	 */
	public InvalidConfiguration(String message, String action) {
		super(message);
		this.action = action;
	}

	/** What to do next, when it is not fixing an environment variable. */
	public @Nullable String action() {
		return this.action;
	}

	/**
	 * Refuses a setting unless the condition holds: what every settings record's
	 * constructor calls for each of its checks.
	 * @param message the one sentence naming the variable to fix
	 * @throws InvalidConfiguration with that message when the condition is false
	 */
	public static void require(boolean condition, String message) {
		if (!condition) {
			throw new InvalidConfiguration(message);
		}
	}

}
