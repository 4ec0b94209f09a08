package dev.latchkey.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static dev.latchkey.config.InvalidConfiguration.require;

/**
 * The browser origins whose pages may call the API with cookies, checked when they are
 * bound so that a bad value stops startup with one sentence naming the variable.
 *
 * @param allowedOrigins ALLOWED_ORIGINS, comma-separated or a JSON-style list; held as
 * origins without a trailing slash, as browsers send them
 */
@ConfigurationProperties("latchkey.cors")
public record CorsSettings(List<String> allowedOrigins) {

	public CorsSettings {
		allowedOrigins = allowedOrigins.stream()
			.map((origin) -> origin.replaceAll("[\\[\\]\"']", "").strip())
			.filter((origin) -> !origin.isEmpty())
			.map((origin) -> origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin)
			.toList();
		for (String origin : allowedOrigins) {
			require(!origin.equals("*"), "ALLOWED_ORIGINS must list origins one by one: '*' cannot be used because "
					+ "requests carry cookies (credentials).");
			require(origin.matches("https?://[^/\\s]+"), "ALLOWED_ORIGINS entries must look like "
					+ "https://app.example.com (scheme, host and optional port, no path); got '" + origin + "'.");
		}
	}

}
