package dev.latchkey.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where requests come from.
 *
 * @param trustedProxies TRUSTED_PROXIES: addresses or CIDR ranges of the reverse proxies
 * whose X-Forwarded-For is believed, comma-separated; empty means the client address is
 * the socket peer
 */
@ConfigurationProperties("latchkey.network")
public record NetworkSettings(List<String> trustedProxies) {

	public NetworkSettings {
		trustedProxies = trustedProxies.stream().map(String::strip).filter((proxy) -> !proxy.isEmpty()).toList();
	}

}
