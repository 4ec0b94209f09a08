package dev.latchkey.web;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.latchkey.config.InvalidConfiguration.require;

/**
 * The attributes of every cookie Latchkey sets, checked when they are bound so that a bad
 * value stops startup with one sentence naming the variable.
 *
 * @param secure COOKIE_SECURE
 * @param sameSite COOKIE_SAMESITE: lax, strict or none, in any case; held in lower case
 * @param domain COOKIE_DOMAIN; blank leaves the cookies host-only
 */
@ConfigurationProperties("latchkey.cookies")
public record CookieSettings(boolean secure, String sameSite, String domain) {

	public CookieSettings {
		sameSite = sameSite.strip().toLowerCase(Locale.ROOT);
		require(List.of("lax", "strict", "none").contains(sameSite),
				"COOKIE_SAMESITE must be lax, strict or none (got '" + sameSite + "').");
		require(secure || !sameSite.equals("none"),
				"COOKIE_SAMESITE=none needs COOKIE_SECURE=true: browsers drop SameSite=None cookies that are not Secure.");
		domain = domain.strip();
	}

	/** The attribute value as browsers spell it: Lax, Strict or None. */
	public String sameSiteAttribute() {
		return Character.toUpperCase(this.sameSite.charAt(0)) + this.sameSite.substring(1);
	}

}
