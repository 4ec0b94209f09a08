package dev.latchkey.mfa;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.latchkey.web.CorsSettings;

/**
 * Latchkey as a WebAuthn relying party, for one request: the RP ID passkeys are bound to,
 * and the origins whose pages may use them. Unset settings come from the request's own
 * origin (its scheme and Host, as the trusted proxies forwarded them), so the zero-setup
 * service works on whatever host it is reached by.
 */
@Component
class RelyingParty {

	private final WebAuthnSettings settings;

	private final CorsSettings cors;

	RelyingParty(WebAuthnSettings settings, CorsSettings cors) {
		this.settings = settings;
		this.cors = cors;
	}

	Site of(HttpServletRequest request) {
		String rpId = this.settings.rpId().isEmpty() ? request.getServerName() : this.settings.rpId();
		Set<String> origins = new LinkedHashSet<>(this.settings.origins());
		if (origins.isEmpty()) {
			origins.addAll(this.cors.allowedOrigins());
			origins.add(ownOrigin(request));
		}
		return new Site(rpId, this.settings.rpName(), Set.copyOf(origins));
	}

	private static String ownOrigin(HttpServletRequest request) {
		String scheme = request.getScheme();
		int port = request.getServerPort();
		boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
		return scheme + "://" + request.getServerName() + (defaultPort || port <= 0 ? "" : ":" + port);
	}

	/**
	 * @param id the RP ID
	 * @param name what authenticators show
	 * @param origins where the browser may have been when it asked the authenticator
	 */
	record Site(String id, String name, Set<String> origins) {
	}

}
