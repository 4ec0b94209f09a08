package dev.latchkey.web;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

import dev.latchkey.config.LatchkeyProperties;

/**
 * The address a request comes from, for sessions and rate limits: the socket peer, unless that
 * peer is one of TRUSTED_PROXIES, in which case X-Forwarded-For is read from the right, past
 * every trusted proxy, to the first address no trusted proxy vouches for. A client can put
 * anything in X-Forwarded-For, so without a trusted proxy in front it is never read.
 */
@Component
public class ClientAddressResolver {

	private final List<IpAddressMatcher> trustedProxies;

	public ClientAddressResolver(LatchkeyProperties properties) {
		this.trustedProxies = properties.network().trustedProxies().stream().map(IpAddressMatcher::new).toList();
	}

	public String resolve(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		if (!isTrusted(address)) {
			return address;
		}
		List<String> forwarded = Collections.list(request.getHeaders("X-Forwarded-For"))
			.stream()
			.flatMap((header) -> Arrays.stream(header.split(",")))
			.map(String::strip)
			.filter((hop) -> !hop.isEmpty())
			.toList();
		for (int i = forwarded.size() - 1; i >= 0; i--) {
			address = forwarded.get(i);
			if (!isTrusted(address)) {
				return address;
			}
		}
		return address;
	}

	private boolean isTrusted(String address) {
		for (IpAddressMatcher proxy : this.trustedProxies) {
			try {
				if (proxy.matches(address)) {
					return true;
				}
			}
			catch (IllegalArgumentException ex) {
				// Not an IP address (a forged header value): never a trusted proxy.
				return false;
			}
		}
		return false;
	}

}
