package dev.latchkey.auth;

import org.junit.jupiter.api.Test;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.sessions.SessionSettings;
import dev.latchkey.tokens.AccessTokenSettings;
import dev.latchkey.support.TestSettings;
import dev.latchkey.web.CookieSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule across the tokens' and the sessions' settings, checked where the session
 * cookies are made from both: it stops startup with an {@link InvalidConfiguration} whose
 * one sentence names the variables to fix.
 */
class AuthConfigurationTest {

	@Test
	void refusesRefreshTokensThatDieBeforeTheAccessTokens() {
		TestSettings settings = TestSettings.defaults()
			.with("ACCESS_TOKEN_EXPIRE_MINUTES", String.valueOf(60 * 24 * 2))
			.with("REFRESH_TOKEN_EXPIRE_DAYS", "1");

		InvalidConfiguration refusal = refusal(
				() -> new AuthConfiguration().authCookies(settings.bind(CookieSettings.class),
						settings.bind(AccessTokenSettings.class), settings.bind(SessionSettings.class)));

		assertThat(refusal).hasMessageContaining("REFRESH_TOKEN_EXPIRE_DAYS");
	}

}
