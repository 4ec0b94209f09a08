package dev.latchkey.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * The one place where forwarded headers are believed, and only from a socket peer in
 * TRUSTED_PROXIES. Such a request goes on as the client sent it to the proxy: its remote
 * address is the client that {@link ClientAddressResolver} finds in X-Forwarded-For, and
 * its scheme, secure flag, server name, port, Host header and request URL are the public
 * ones that the proxy names in X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Port.
 * So CORS and {@link CrossOriginRequestFilter} see a browser on the proxy's public HTTPS
 * origin as same-origin, and everything else sees the real client. A request from any
 * other peer passes untouched: what it says about itself in those headers is ignored.
 * <p>
 * Of each header, the rightmost value is the one the nearest proxy wrote;
 * X-Forwarded-Proto counts only as {@code http} or {@code https}, and X-Forwarded-Host
 * only as a host name, IPv4 address or bracketed IPv6 address with an optional port.
 * Anything else is ignored, as if the proxy had not sent it. Spring's
 * {@code ForwardedHeaderFilter} is not used: it would take the leftmost X-Forwarded-For,
 * which the client writes, and honour X-Forwarded-Prefix; and Tomcat's RemoteIpValve,
 * which Spring Boot installs by itself on cloud platforms, believes any private address,
 * so {@code server.forward-headers-strategy} is pinned to {@code none}.
 */
public class TrustedProxyFilter extends OncePerRequestFilter {

	private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

	/**
	 * A host name or IPv4 address (at most 253 characters, checked apart), or an IPv6
	 * address in brackets (read as an address apart), then an optional port.
	 */
	private static final Pattern HOST = Pattern
		.compile("(" + LABEL + "(?:\\." + LABEL + ")*\\.?|\\[[0-9A-Fa-f:.]{2,45}\\])(?::([0-9]{1,5}))?");

	private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

	private final ClientAddressResolver addresses;

	public TrustedProxyFilter(ClientAddressResolver addresses) {
		this.addresses = addresses;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (WebUtils.getNativeRequest(request, ProxiedRequest.class) != null
				|| !this.addresses.isFromTrustedProxy(request)) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new ProxiedRequest(request, this.addresses.walk(request)), response);
	}

	/** Error pages and async dispatches see the same client and origin as the request. */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	/**
	 * The value of a forwarded header that the nearest proxy wrote: the last of its
	 * comma-separated values, over every copy of the header; null when there is none or
	 * it is empty.
	 */
	static @Nullable String rightmost(HttpServletRequest request, String name) {
		String last = null;
		for (String header : Collections.list(request.getHeaders(name))) {
			int comma = header.lastIndexOf(',');
			last = header.substring(comma + 1).strip();
		}
		return (last == null || last.isEmpty()) ? null : last;
	}

	/** A host and optional port, as written in a Host or X-Forwarded-Host header. */
	record HostAndPort(String host, int port) {

		static final int NO_PORT = -1;

		/** The host in lower case (as browsers write origins), or null if malformed. */
		static @Nullable HostAndPort parse(@Nullable String text) {
			if (text == null || text.length() > 260) {
				return null;
			}
			Matcher matcher = HOST.matcher(text);
			if (!matcher.matches()) {
				return null;
			}
			String host = matcher.group(1);
			if (host.startsWith("[")) {
				if (!ClientAddressResolver.isIpAddress(host.substring(1, host.length() - 1))) {
					return null;
				}
			}
			else if (host.length() > 253) {
				return null;
			}
			int port = NO_PORT;
			if (matcher.group(2) != null) {
				port = port(matcher.group(2));
				if (port == NO_PORT) {
					return null;
				}
			}
			return new HostAndPort(host.toLowerCase(Locale.ROOT), port);
		}

		/** A port from 1 to 65535, or {@link #NO_PORT}. */
		static int port(@Nullable String text) {
			if (text == null || !PORT.matcher(text).matches()) {
				return NO_PORT;
			}
			int port = Integer.parseInt(text);
			return (port >= 1 && port <= 65535) ? port : NO_PORT;
		}

	}

	/**
	 * A request that came through a trusted proxy, as the client sent it to the proxy.
	 */
	static final class ProxiedRequest extends HttpServletRequestWrapper {

		private final String clientAddress;

		private final String scheme;

		private final String serverName;

		private final int serverPort;

		private final @Nullable String host;

		ProxiedRequest(HttpServletRequest request, String clientAddress) {
			super(request);
			this.clientAddress = clientAddress;
			String forwardedProto = rightmost(request, "X-Forwarded-Proto");
			if (forwardedProto != null) {
				forwardedProto = forwardedProto.toLowerCase(Locale.ROOT);
				if (!forwardedProto.equals("http") && !forwardedProto.equals("https")) {
					forwardedProto = null;
				}
			}
			HostAndPort forwardedHost = HostAndPort.parse(rightmost(request, "X-Forwarded-Host"));
			int forwardedPort = HostAndPort.port(rightmost(request, "X-Forwarded-Port"));
			this.scheme = (forwardedProto != null) ? forwardedProto : request.getScheme();
			if (forwardedHost != null) {
				this.serverName = forwardedHost.host();
				this.serverPort = firstPort(forwardedHost.port(), forwardedPort, defaultPort(this.scheme));
				this.host = authority(this.serverName, this.serverPort);
			}
			else if (forwardedProto != null || forwardedPort != HostAndPort.NO_PORT) {
				// The Host header is the public one (the proxy passed it on): only the
				// scheme, and so the default port, changed, unless the Host names its
				// port.
				HostAndPort requestHost = HostAndPort.parse(request.getHeader(HttpHeaders.HOST));
				this.serverName = request.getServerName();
				this.serverPort = firstPort(forwardedPort,
						(requestHost != null) ? requestHost.port() : HostAndPort.NO_PORT, defaultPort(this.scheme));
				this.host = (forwardedPort != HostAndPort.NO_PORT) ? authority(this.serverName, this.serverPort) : null;
			}
			else {
				this.serverName = request.getServerName();
				this.serverPort = request.getServerPort();
				this.host = null;
			}
		}

		private static int firstPort(int... ports) {
			for (int port : ports) {
				if (port != HostAndPort.NO_PORT) {
					return port;
				}
			}
			return HostAndPort.NO_PORT;
		}

		private static int defaultPort(String scheme) {
			return scheme.equals("https") ? 443 : 80;
		}

		private String authority(String name, int port) {
			return (port == defaultPort(this.scheme)) ? name : name + ":" + port;
		}

		@Override
		public String getRemoteAddr() {
			return this.clientAddress;
		}

		@Override
		public String getRemoteHost() {
			return this.clientAddress;
		}

		@Override
		public String getScheme() {
			return this.scheme;
		}

		@Override
		public boolean isSecure() {
			return this.scheme.equals("https");
		}

		@Override
		public String getServerName() {
			return this.serverName;
		}

		@Override
		public int getServerPort() {
			return this.serverPort;
		}

		@Override
		public StringBuffer getRequestURL() {
			return new StringBuffer(this.scheme).append("://")
				.append(authority(this.serverName, this.serverPort))
				.append(getRequestURI());
		}

		@Override
		public @Nullable String getHeader(String name) {
			if (this.host != null && HttpHeaders.HOST.equalsIgnoreCase(name)) {
				return this.host;
			}
			return super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			if (this.host != null && HttpHeaders.HOST.equalsIgnoreCase(name)) {
				return Collections.enumeration(List.of(this.host));
			}
			return super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			if (this.host != null && names.stream().noneMatch(HttpHeaders.HOST::equalsIgnoreCase)) {
				names = new ArrayList<>(names);
				names.add(HttpHeaders.HOST);
			}
			return Collections.enumeration(names);
		}

	}

}
