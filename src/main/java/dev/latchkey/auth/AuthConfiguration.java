package dev.latchkey.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.latchkey.sessions.SessionSettings;
import dev.latchkey.tokens.AccessTokenSettings;
import dev.latchkey.web.AuthCookies;
import dev.latchkey.web.CookieSettings;

import static dev.latchkey.config.InvalidConfiguration.require;

/**
 * What signing in puts together from several modules' settings: the session cookies live
 * as long as the tokens they carry, and the rule that ties the two lifetimes together is
 * checked here, where both are known.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	/**
	 * The access-token cookie lives as long as an access token
	 * (ACCESS_TOKEN_EXPIRE_MINUTES), the refresh-token cookie as long as a refresh token
	 * (REFRESH_TOKEN_EXPIRE_DAYS).
	 * @throws dev.latchkey.config.InvalidConfiguration when refresh tokens would not
	 * outlive access tokens: a client would then lose its session before it could refresh
	 * its access token
	 */
	@Bean
	AuthCookies authCookies(CookieSettings cookies, AccessTokenSettings accessTokens, SessionSettings sessions) {
		require(sessions.refreshTokenLifetime().compareTo(accessTokens.lifetime()) > 0,
				"REFRESH_TOKEN_EXPIRE_DAYS must give refresh tokens a longer life than ACCESS_TOKEN_EXPIRE_MINUTES.");
		return new AuthCookies(cookies, accessTokens.lifetime(), sessions.refreshTokenLifetime());
	}

}
