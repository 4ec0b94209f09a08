package dev.latchkey.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * What a per-address limit counts as one address. An IPv6 client is given a whole /64 and
 * can pick a new address in it for every request, so its /64 is the subject; an IPv4
 * address, also written as an IPv4-mapped IPv6 address, is itself.
 */
final class AddressBlock {

	private AddressBlock() {
	}

	/**
	 * @param ip an IP address literal, as the client address resolver answers it
	 */
	static String of(String ip) {
		if (ip.indexOf(':') < 0) {
			return ip;
		}
		try {
			// A literal with a colon is parsed, never looked up in DNS.
			InetAddress address = InetAddress.getByName(ip);
			if (address.getAddress().length == 4) {
				// ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1.
				return address.getHostAddress();
			}
			return HexFormat.of().formatHex(address.getAddress(), 0, 8) + "::/64";
		}
		catch (UnknownHostException | SecurityException ex) {
			return ip;
		}
	}

}
