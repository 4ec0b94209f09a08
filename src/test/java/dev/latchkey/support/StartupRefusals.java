package dev.latchkey.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.context.ConfigurableApplicationContext;

import dev.latchkey.config.InvalidConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Starts an application that must refuse to start, and answers its one-sentence refusal.
 */
public final class StartupRefusals {

	private StartupRefusals() {
	}

	public static InvalidConfiguration refusalOf(Supplier<ConfigurableApplicationContext> start) {
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		Throwable failure = catchThrowable(() -> started.add(start.get()));
		started.forEach(ConfigurableApplicationContext::close);
		assertThat(started).as("the application should not have started").isEmpty();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidConfiguration refusal) {
				assertThat(refusal.getMessage()).doesNotContain("\n");
				return refusal;
			}
		}
		throw new AssertionError("The startup failure holds no InvalidConfiguration", failure);
	}

}
