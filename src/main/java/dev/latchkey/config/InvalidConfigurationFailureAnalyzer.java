package dev.latchkey.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link InvalidConfiguration}, wherever it was thrown during startup, into the one
 * sentence an operator needs instead of a stack of bean-creation exceptions.
 */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfiguration> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfiguration cause) {
		String action = (cause.action() != null) ? cause.action()
				: "Fix the environment variable (or the .env file) named above and start again; "
						+ ".env.example lists every setting with its default.";
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
