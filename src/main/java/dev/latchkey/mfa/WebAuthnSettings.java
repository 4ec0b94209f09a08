package dev.latchkey.mfa;

import static dev.latchkey.config.InvalidConfiguration.require;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who the passkeys belong to, checked when bound so that a bad value stops startup with
 * one sentence naming the variable.
 *
 * @param rpId WEBAUTHN_RP_ID: the domain passkeys are bound to, such as
 * {@code example.com}; it must be the host of every page that uses them or a parent
 * domain of it. Blank takes the host each request was sent to, which suits one host
 * serving both pages and API (the default setup); set it in production, since a passkey
 * made for one RP ID never works for another
 * @param rpName WEBAUTHN_RP_NAME: the name authenticators show; defaults to APP_NAME
 * @param origins WEBAUTHN_ORIGINS: the pages allowed to use passkeys, comma-separated;
 * empty means ALLOWED_ORIGINS plus the origin each request was sent to
 */
@ConfigurationProperties("latchkey.webauthn")
public record WebAuthnSettings(String rpId, String rpName, List<String> origins) {

	public WebAuthnSettings {
		rpId = rpId.strip().toLowerCase(Locale.ROOT);
		require(rpId.isEmpty() || rpId.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"),
				"WEBAUTHN_RP_ID must be a domain such as example.com, without scheme, port or path (got '" + rpId
						+ "').");
		rpName = rpName.strip();
		require(!rpName.isEmpty(), "WEBAUTHN_RP_NAME must not be blank.");
		origins = origins.stream()
			.map(String::strip)
			.filter((origin) -> !origin.isEmpty())
			.map((origin) -> origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin)
			.toList();
		for (String origin : origins) {
			require(origin.matches("https?://[^/\\s]+"), "WEBAUTHN_ORIGINS entries must look like "
					+ "https://app.example.com (scheme, host and optional port, no path); got '" + origin + "'.");
		}
	}

}
