package dev.latchkey.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The server's one secret, from which {@link ServerSecret} signs access tokens and
 * derives every other key. Whether it is strong enough depends on the JWT algorithm, so
 * the access tokens check it where both are known.
 *
 * @param key SECRET_KEY; blank is only allowed with the embedded database, where a key is
 * generated once and kept in DATA_DIR
 */
@ConfigurationProperties("latchkey.secret")
public record SecretSettings(String key) {

	@Override
	public String toString() {
		return "SecretSettings[****]";
	}

}
