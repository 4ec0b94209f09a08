package dev.latchkey.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

import dev.latchkey.web.ClientAddressResolver;

/** The device behind a request, as recorded on its session. */
record ClientInfo(@Nullable String userAgent, String ip) {

	private static final int MAX_USER_AGENT = 512;

	static ClientInfo of(HttpServletRequest request, ClientAddressResolver addresses) {
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		if (userAgent != null) {
			userAgent = userAgent.replaceAll("\\p{Cntrl}", "");
			if (userAgent.length() > MAX_USER_AGENT) {
				userAgent = userAgent.substring(0, MAX_USER_AGENT);
			}
		}
		return new ClientInfo(userAgent, addresses.resolve(request));
	}

}
