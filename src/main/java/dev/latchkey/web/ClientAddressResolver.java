package dev.latchkey.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.util.WebUtils;

/**
 * The address a request comes from, for sessions and rate limits: the socket peer, unless
 * that peer is one of TRUSTED_PROXIES, in which case X-Forwarded-For is read from the
 * right, past every trusted proxy, to the first address no trusted proxy vouches for. A
 * client can put anything in X-Forwarded-For, so without a trusted proxy in front it is
 * never read. The answer is always an IP address literal of at most 45 characters: never
 * a host name, never a zone id, never what a client wrote unless it is an address.
 * <p>
 * {@link TrustedProxyFilter} asks this class once per request, and the request it passes
 * on answers the same address from {@code getRemoteAddr()}.
 */
@Component
public class ClientAddressResolver {

	/**
	 * The address given to a peer that is none (see {@link #peerAddress}): the
	 * unspecified address, which no proxy range names and every such peer shares.
	 */
	static final String UNKNOWN_PEER = "0.0.0.0";

	private final List<IpAddressMatcher> trustedProxies;

	public ClientAddressResolver(NetworkSettings settings) {
		this.trustedProxies = settings.trustedProxies().stream().map(IpAddressMatcher::new).toList();
	}

	/** The client address of a request: see the class description. */
	public String resolve(HttpServletRequest request) {
		TrustedProxyFilter.ProxiedRequest proxied = WebUtils.getNativeRequest(request,
				TrustedProxyFilter.ProxiedRequest.class);
		if (proxied != null) {
			return proxied.getRemoteAddr();
		}
		return walk(request);
	}

	/** Whether the socket peer of a request is one of TRUSTED_PROXIES. */
	boolean isFromTrustedProxy(HttpServletRequest request) {
		return isTrusted(peerAddress(request));
	}

	/** The client address, found from the socket peer and X-Forwarded-For. */
	String walk(HttpServletRequest request) {
		String address = peerAddress(request);
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
			String hop = forwarded.get(i);
			if (!isIpAddress(hop)) {
				// A forged or mangled value is no address at all (and must not reach the
				// database as one): the trusted hop that passed it on is the nearest
				// address known.
				return address;
			}
			address = hop;
			if (!isTrusted(address)) {
				return address;
			}
		}
		return address;
	}

	/**
	 * The socket peer as an address literal. The servlet container reports the peer it
	 * accepted, which is an address, but a link-local IPv6 peer comes with its zone
	 * ({@code fe80:0:0:0:0:0:0:1%eth0}), meaningless to anyone else and dropped here; and
	 * should anything in front of this class ever have put a header's text in its place,
	 * that text is not believed either.
	 */
	private static String peerAddress(HttpServletRequest request) {
		String peer = request.getRemoteAddr();
		if (peer == null) {
			return UNKNOWN_PEER;
		}
		int zone = peer.indexOf('%');
		if (zone > 0 && peer.indexOf(':') >= 0) {
			peer = peer.substring(0, zone);
		}
		return isIpAddress(peer) ? peer : UNKNOWN_PEER;
	}

	/**
	 * Whether a hop is an IPv4 address in dotted-quad form or an IPv6 address, checked
	 * without ever asking DNS (which InetAddress does for anything it cannot read as an
	 * address).
	 */
	static boolean isIpAddress(String hop) {
		if (isDottedQuad(hop)) {
			return true;
		}
		if (hop.length() > 45 || hop.indexOf(':') < 0 || !isIpv6Text(hop)) {
			return false;
		}
		try {
			// Starting with a hex digit or a colon and holding a colon, the text is read
			// as an IPv6 literal or refused, never looked up.
			InetAddress.getByName(hop);
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * Four decimal numbers of at most 255, without leading zeros (which some readers take
	 * for octal), separated by dots. Read by hand rather than by a regular expression: it
	 * runs on every request, and the expression took 1.1 % of a refresh's time.
	 */
	private static boolean isDottedQuad(String text) {
		int at = 0;
		for (int part = 0; part < 4; part++) {
			if (part > 0) {
				if (at == text.length() || text.charAt(at) != '.') {
					return false;
				}
				at++;
			}
			int start = at;
			int value = 0;
			while (at < text.length() && at - start < 3 && isAsciiDigit(text.charAt(at))) {
				value = value * 10 + (text.charAt(at) - '0');
				at++;
			}
			int digits = at - start;
			if (digits == 0 || (digits > 1 && text.charAt(start) == '0') || value > 255) {
				return false;
			}
		}
		return at == text.length();
	}

	/**
	 * Hex digits, colons and (for an embedded IPv4 address) dots, not starting with a
	 * dot. Called only on text that holds a colon, so never on an empty one.
	 */
	private static boolean isIpv6Text(String text) {
		if (text.charAt(0) == '.') {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!HexFormat.isHexDigit(c) && c != ':' && c != '.') {
				return false;
			}
		}
		return true;
	}

	// Character.isDigit would take other scripts' digits too.
	private static boolean isAsciiDigit(char c) {
		return c >= '0' && c <= '9';
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
