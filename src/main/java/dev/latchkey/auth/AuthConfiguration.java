package dev.latchkey.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.latchkey.config.LatchkeyProperties;
import dev.latchkey.web.AuthCookies;
import dev.latchkey.web.CookieSettings;

/**
 * What signing in puts together from several modules' settings: the session cookies live
 * as long as the tokens they carry.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	/**
	 * The access-token cookie lives as long as an access token
	 * (ACCESS_TOKEN_EXPIRE_MINUTES), the refresh-token cookie as long as a refresh token
	 * (REFRESH_TOKEN_EXPIRE_DAYS).
	 */
	@Bean
	AuthCookies authCookies(CookieSettings cookies, LatchkeyProperties properties) {
		return new AuthCookies(cookies, properties.tokens().accessTokenLifetime(),
				properties.tokens().refreshTokenLifetime());
	}

}
