package dev.latchkey.support;

import dev.latchkey.config.InvalidConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The refusal of a bad setting, for the tests of settings records: each stops startup
 * with an {@link InvalidConfiguration} whose one sentence names the environment variable
 * to fix.
 */
public final class SettingsRefusals {

	private SettingsRefusals() {
	}

	/**
	 * Runs what must refuse a setting (binding or building a record, or a bean that
	 * checks settings) and answers its refusal, checked to be one sentence.
	 */
	public static InvalidConfiguration refusal(Runnable construction) {
		InvalidConfiguration refusal = catchThrowableOfType(InvalidConfiguration.class, construction::run);
		assertThat(refusal).as("an InvalidConfiguration").isNotNull();
		assertThat(refusal.getMessage()).as("one sentence").isNotBlank().doesNotContain("\n");
		return refusal;
	}

}
