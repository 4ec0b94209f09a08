package dev.latchkey.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.TestSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client address is the socket peer unless trusted proxies are configured; then
 * X-Forwarded-For is read from the right, past the trusted hops only.
 */
class ClientAddressResolverTest {

	@Test
	@DisplayName("without trusted proxies the socket peer is the client, whatever X-Forwarded-For says")
	void resolveWhenNoTrustedProxiesThenSocketPeerEvenWithForwardedFor() {
		ClientAddressResolver resolver = resolverTrusting();

		assertThat(resolver.resolve(request("198.51.100.10", "203.0.113.7"))).isEqualTo("198.51.100.10");
		assertThat(resolver.resolve(request("127.0.0.1", "203.0.113.7, 10.0.0.1"))).isEqualTo("127.0.0.1");
		assertThat(resolver.resolve(request("198.51.100.10"))).isEqualTo("198.51.100.10");
	}

	@Test
	@DisplayName("a peer that is not a trusted proxy is the client, even when other proxies are trusted")
	void resolveWhenPeerUntrustedThenSocketPeer() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.1");

		assertThat(resolver.resolve(request("198.51.100.10", "203.0.113.7"))).isEqualTo("198.51.100.10");
	}

	@Test
	@DisplayName("behind a trusted proxy the client is the hop that proxy reports")
	void resolveWhenPeerTrustedThenHopItReports() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.1");

		assertThat(resolver.resolve(request("10.0.0.1", "203.0.113.7"))).isEqualTo("203.0.113.7");
	}

	@Test
	@DisplayName("behind a trusted proxy, hops a client wrote to the left of the real one are ignored")
	void resolveWhenClientPrependsForgedHopsThenRightmostUntrustedHop() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.1");

		assertThat(resolver.resolve(request("10.0.0.1", "1.1.1.1, 192.0.2.99, 203.0.113.7"))).isEqualTo("203.0.113.7");
	}

	@Test
	@DisplayName("a chain of trusted proxies is skipped from the right up to the first hop none of them is")
	void resolveWhenSeveralTrustedHopsThenFirstUntrustedFromTheRight() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.1", "10.0.0.2", "10.0.0.3");

		assertThat(resolver.resolve(request("10.0.0.1", "192.0.2.99, 203.0.113.7, 10.0.0.3, 10.0.0.2")))
			.isEqualTo("203.0.113.7");
	}

	@Test
	@DisplayName("a trusted hop to the left of an untrusted one does not move the answer further left")
	void resolveWhenTrustedHopLeftOfUntrustedThenStopsAtUntrusted() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.0/8");

		assertThat(resolver.resolve(request("10.0.0.1", "10.9.9.9, 203.0.113.7, 10.0.0.2"))).isEqualTo("203.0.113.7");
	}

	@Test
	@DisplayName("several X-Forwarded-For headers are read as one list, in order")
	void resolveWhenForwardedForRepeatedThenHeadersJoinInOrder() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.1", "10.0.0.2");
		MockHttpServletRequest request = request("10.0.0.1");
		request.addHeader("X-Forwarded-For", "192.0.2.99, 203.0.113.7");
		request.addHeader("X-Forwarded-For", "10.0.0.2");

		assertThat(resolver.resolve(request)).isEqualTo("203.0.113.7");
	}

	@Test
	@DisplayName("when every hop is a trusted proxy, the leftmost one is the client")
	void resolveWhenAllHopsTrustedThenLeftmost() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.0/8");

		assertThat(resolver.resolve(request("10.0.0.1", "10.1.1.1, 10.2.2.2, 10.3.3.3"))).isEqualTo("10.1.1.1");
	}

	@Test
	@DisplayName("a trusted peer without X-Forwarded-For (or with an empty one) is itself the client")
	void resolveWhenTrustedPeerSendsNoForwardedForThenPeer() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.1");

		assertThat(resolver.resolve(request("10.0.0.1"))).isEqualTo("10.0.0.1");
		assertThat(resolver.resolve(request("10.0.0.1", ""))).isEqualTo("10.0.0.1");
		assertThat(resolver.resolve(request("10.0.0.1", " , ,"))).isEqualTo("10.0.0.1");
	}

	@Test
	@DisplayName("CIDR ranges trust every address inside them and none outside")
	void resolveWhenTrustedProxiesAreCidrRangesThenMatchesByPrefix() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.0/8", "172.16.0.0/12", "192.168.1.0/24");

		assertThat(resolver.resolve(request("172.31.255.254", "203.0.113.7, 192.168.1.200, 10.200.0.1")))
			.isEqualTo("203.0.113.7");
		assertThat(resolver.resolve(request("10.0.0.1", "203.0.113.7, 192.168.2.1")))
			.as("192.168.2.1 is outside 192.168.1.0/24")
			.isEqualTo("192.168.2.1");
		assertThat(resolver.resolve(request("172.32.0.1", "203.0.113.7"))).as("172.32.0.1 is outside 172.16.0.0/12")
			.isEqualTo("172.32.0.1");
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "0.0.0.0", "255.255.255.255", "9.99.199.249", "203.0.113.7", "::1", "::ffff:1.2.3.4",
			"2001:DB8::203.0.113.7", "fe80:0:0:0:0:0:0:1" })
	@DisplayName("an IPv4 address in dotted-quad form, or an IPv6 address, is an address")
	void isIpAddressWhenAddressThenTrue(String address) {
		assertThat(ClientAddressResolver.isIpAddress(address)).isTrue();
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", ".", ":", "01.2.3.4", "1.2.3.04", "00.0.0.0", "256.1.1.1", "1.2.3.300", "1234.1.1.1",
			"1.2.3.4.", "1.2.3.4.5", ".1.2.3.4", "1..2.3", "1.2.3.", "+1.2.3.4", "-1.2.3.4", " 1.2.3.4", "1.2.3.4 ",
			"\u0661.\u0662.\u0663.\u0664", "\uff11.2.3.4", ".::1", "g::1", "::1%eth0", "1:2:3:4:5:6:7:8:9" })
	@DisplayName("leading zeros, numbers over 255, other scripts' digits, signs, spaces and stray dots are no address")
	void isIpAddressWhenNotAnAddressThenFalse(String text) {
		assertThat(ClientAddressResolver.isIpAddress(text)).isFalse();
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "not-an-address", "localhost", "10.0.0.1.evil.example", "unknown", "_gateway",
			"'; drop table users; --", "999.1.1.1", "1.2.3", "10.0.0.1/8", "203.0.113.9:8080", "[2001:db8::1]",
			"fe80::1%eth0", ".:1", "2001:db8::1::2",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	@DisplayName("a hop that is not an IP address is never trusted, skipped or answered: the trusted hop that passed it on is")
	void resolveWhenForwardedForHoldsGarbageThenTrustedHopThatReportedIt(String garbage) {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.0/8", "127.0.0.1");

		assertThat(resolver.resolve(request("10.0.0.1", "203.0.113.7, " + garbage))).isEqualTo("10.0.0.1");
		assertThat(resolver.resolve(request("10.0.0.1", "203.0.113.7, " + garbage + ", 10.0.0.2")))
			.isEqualTo("10.0.0.2");
	}

	@Test
	@DisplayName("garbage to the left of the client's real address does not matter")
	void resolveWhenGarbageLeftOfUntrustedHopThenThatHop() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.0/8");

		assertThat(resolver.resolve(request("10.0.0.1", "<script>, 203.0.113.7"))).isEqualTo("203.0.113.7");
	}

	@Test
	@DisplayName("IPv4-mapped and IPv4-embedded IPv6 forms are addresses")
	void resolveWhenIpv6WithDottedQuadThenAnswered() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.0/8");

		assertThat(resolver.resolve(request("10.0.0.1", "::ffff:203.0.113.7"))).isEqualTo("::ffff:203.0.113.7");
		assertThat(resolver.resolve(request("10.0.0.1", "2001:db8::203.0.113.7"))).isEqualTo("2001:db8::203.0.113.7");
	}

	@Test
	@DisplayName("IPv6: peers, hops and ranges are compared as addresses, not as text")
	void resolveWhenIpv6ThenComparesAddresses() {
		ClientAddressResolver resolver = resolverTrusting("::1", "2001:db8:aaaa::/48");

		assertThat(resolver.resolve(request("0:0:0:0:0:0:0:1", "2001:db8:ffff::7")))
			.as("::1 written in full is still the trusted loopback")
			.isEqualTo("2001:db8:ffff::7");
		assertThat(resolver.resolve(request("2001:db8:aaaa::1", "2001:db8:ffff::7, 2001:db8:aaaa:1::2")))
			.isEqualTo("2001:db8:ffff::7");
		assertThat(resolver.resolve(request("2001:db8:aaab::1", "2001:db8:ffff::7")))
			.as("2001:db8:aaab::1 is outside 2001:db8:aaaa::/48")
			.isEqualTo("2001:db8:aaab::1");
	}

	@Test
	@DisplayName("IPv4 and IPv6 mix: an IPv4 range does not trust an IPv6 peer and the reverse")
	void resolveWhenAddressFamiliesDifferThenNotTrusted() {
		ClientAddressResolver resolver = resolverTrusting("10.0.0.0/8", "2001:db8::/32");

		assertThat(resolver.resolve(request("2001:db9::1", "203.0.113.7"))).isEqualTo("2001:db9::1");
		assertThat(resolver.resolve(request("11.0.0.1", "2001:db8::5"))).isEqualTo("11.0.0.1");
		assertThat(resolver.resolve(request("2001:db8::1", "203.0.113.7, 10.0.0.9"))).isEqualTo("203.0.113.7");
	}

	@Test
	@DisplayName("a link-local IPv6 peer is answered without its zone, and compared without it")
	void resolveWhenPeerHasZoneThenAddressWithoutIt() {
		assertThat(resolverTrusting().resolve(request("fe80:0:0:0:0:0:0:1%eth0", "203.0.113.7")))
			.isEqualTo("fe80:0:0:0:0:0:0:1");
		assertThat(resolverTrusting("fe80::/10").resolve(request("fe80:0:0:0:0:0:0:1%2", "203.0.113.7")))
			.isEqualTo("203.0.113.7");
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "not-an-address", "localhost", "999.0.0.1", "203.0.113.7, 10.0.0.1", "",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	@DisplayName("a peer that is no address (as a header believed by the container would make it) is never answered")
	void resolveWhenPeerIsNotAnAddressThenUnspecifiedAddress(String forgedPeer) {
		assertThat(resolverTrusting().resolve(request(forgedPeer))).isEqualTo("0.0.0.0");
		assertThat(resolverTrusting("10.0.0.0/8").resolve(request(forgedPeer, "203.0.113.7"))).isEqualTo("0.0.0.0");
	}

	@Test
	@DisplayName("a peer with a zone of any length is answered as the address alone")
	void resolveWhenPeerHasLongZoneThenAddressAlone() {
		assertThat(resolverTrusting().resolve(request("fe80::1%" + "x".repeat(500)))).isEqualTo("fe80::1");
	}

	/**
	 * The resolver in the running application behind a trusted proxy (loopback): what it
	 * answers is what sessions record, whatever a client forged.
	 */
	@Nested
	@IntegrationTest
	@TestPropertySource(properties = "TRUSTED_PROXIES=127.0.0.1,::1")
	@DisplayName("behind a trusted proxy, in the running application")
	class BehindTrustedProxy {

		@LocalServerPort
		int port;

		@Test
		@DisplayName("a session records the client address the proxy reports")
		void loginWhenProxyReportsClientThenSessionRecordsIt() {
			ApiClient device = loginWith("192.0.2.1, 203.0.113.77");

			assertThat(device.get("/auth/sessions").json().get(0).path("ip").asString()).isEqualTo("203.0.113.77");
		}

		@Test
		@DisplayName("a forged, oversized X-Forwarded-For value still signs in, and the session records the proxy")
		void loginWhenForwardedForIsGarbageThenSignsInAndRecordsProxy() {
			ApiClient device = loginWith("x".repeat(100));

			assertThat(device.get("/auth/sessions").json().get(0).path("ip").asString()).isIn("127.0.0.1",
					"0:0:0:0:0:0:0:1");
		}

		private ApiClient loginWith(String forwardedFor) {
			String email = ApiClient.uniqueEmail();
			ApiClient device = new ApiClient(this.port);
			assertThat(
					device.post("/auth/register", Map.of("email", email, "password", "correct-horse-battery")).status())
				.isEqualTo(201);
			ApiClient.Reply login = device.send("POST", "/auth/login",
					Map.of("Content-Type", "application/json", "X-Forwarded-For", forwardedFor), JsonMapper.shared()
						.writeValueAsString(Map.of("email", email, "password", "correct-horse-battery")));
			assertThat(login.status()).isEqualTo(200);
			return device;
		}

	}

	private static MockHttpServletRequest request(String peer, String... forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/login");
		request.setRemoteAddr(peer);
		for (String header : forwardedFor) {
			request.addHeader("X-Forwarded-For", header);
		}
		return request;
	}

	private static ClientAddressResolver resolverTrusting(String... trustedProxies) {
		return new ClientAddressResolver(properties(List.of(trustedProxies)));
	}

	private static NetworkSettings properties(List<String> trustedProxies) {
		return TestSettings.defaults()
			.with("TRUSTED_PROXIES", String.join(",", trustedProxies))
			.bind(NetworkSettings.class);
	}

}
