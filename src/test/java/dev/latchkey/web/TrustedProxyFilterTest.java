package dev.latchkey.web;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestWrapper;

import dev.latchkey.support.TestSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request that {@link TrustedProxyFilter} passes on: from a trusted proxy, the client
 * and the public origin the proxy names; from anyone else, the request untouched.
 */
class TrustedProxyFilterTest {

	private final ClientAddressResolver addresses = new ClientAddressResolver(properties("10.0.0.0/8"));

	private final TrustedProxyFilter filter = new TrustedProxyFilter(this.addresses);

	@Test
	@DisplayName("from a trusted proxy: the client it reports, on the public HTTPS origin it names")
	void trustedProxyThenClientAndPublicOrigin() {
		MockHttpServletRequest sent = internalRequest("10.0.0.1");
		sent.addHeader("X-Forwarded-For", "192.0.2.99, 203.0.113.7");
		sent.addHeader("X-Forwarded-Proto", "https");
		sent.addHeader("X-Forwarded-Host", "auth.example.com");

		HttpServletRequest request = filtered(sent);

		assertThat(request.getRemoteAddr()).isEqualTo("203.0.113.7");
		assertThat(request.getRemoteHost()).isEqualTo("203.0.113.7");
		assertThat(request.getScheme()).isEqualTo("https");
		assertThat(request.isSecure()).isTrue();
		assertThat(request.getServerName()).isEqualTo("auth.example.com");
		assertThat(request.getServerPort()).isEqualTo(443);
		assertThat(request.getHeader("Host")).isEqualTo("auth.example.com");
		assertThat(request.getHeader("host")).isEqualTo("auth.example.com");
		assertThat(Collections.list(request.getHeaders("Host"))).containsExactly("auth.example.com");
		assertThat(request.getRequestURL()).hasToString("https://auth.example.com/auth/login");
		assertThat(request.getRequestURI()).isEqualTo("/auth/login");
		assertThat(this.addresses.resolve(request)).isEqualTo("203.0.113.7");
	}

	@Test
	@DisplayName("from any other peer: the same headers change nothing")
	void untrustedPeerThenRequestUntouched() {
		MockHttpServletRequest sent = internalRequest("198.51.100.10");
		sent.addHeader("X-Forwarded-For", "203.0.113.7");
		sent.addHeader("X-Forwarded-Proto", "https");
		sent.addHeader("X-Forwarded-Host", "auth.example.com");
		sent.addHeader("X-Forwarded-Port", "443");

		HttpServletRequest request = filtered(sent);

		assertThat(request).isSameAs(sent);
		assertThat(request.getRemoteAddr()).isEqualTo("198.51.100.10");
		assertThat(request.getScheme()).isEqualTo("http");
		assertThat(request.isSecure()).isFalse();
		assertThat(request.getServerName()).isEqualTo("latchkey.internal");
		assertThat(request.getServerPort()).isEqualTo(8000);
		assertThat(request.getRequestURL()).hasToString("http://latchkey.internal:8000/auth/login");
		assertThat(this.addresses.resolve(request)).isEqualTo("198.51.100.10");
	}

	@Test
	@DisplayName("from a trusted proxy that forwards nothing: only the address is its own")
	void trustedProxyWithoutForwardedHeadersThenOwnOrigin() {
		HttpServletRequest request = filtered(internalRequest("10.0.0.1"));

		assertThat(request.getRemoteAddr()).isEqualTo("10.0.0.1");
		assertThat(request.getScheme()).isEqualTo("http");
		assertThat(request.getServerName()).isEqualTo("latchkey.internal");
		assertThat(request.getServerPort()).isEqualTo(8000);
		assertThat(request.getHeader("Host")).isEqualTo("latchkey.internal:8000");
		assertThat(request.getRequestURL()).hasToString("http://latchkey.internal:8000/auth/login");
	}

	@ParameterizedTest(name = "X-Forwarded-Proto: {0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			https          | https
			HTTPS          | https
			http           | http
			http, https    | https
			https, http    | http
			javascript     | http
			https:         | http
			ws             | http
			'https, '      | http
			""")
	@DisplayName("X-Forwarded-Proto counts only as http or https, and only its rightmost value")
	void forwardedProtoRightmostHttpOrHttpsOnly(String proto, String scheme) {
		MockHttpServletRequest sent = internalRequest("10.0.0.1");
		sent.addHeader("X-Forwarded-Proto", proto);
		sent.addHeader("X-Forwarded-Host", "auth.example.com");

		HttpServletRequest request = filtered(sent);

		assertThat(request.getScheme()).isEqualTo(scheme);
		assertThat(request.isSecure()).isEqualTo(scheme.equals("https"));
		assertThat(request.getServerPort()).isEqualTo(scheme.equals("https") ? 443 : 80);
		assertThat(request.getRequestURL()).hasToString(scheme + "://auth.example.com/auth/login");
	}

	@Test
	@DisplayName("several X-Forwarded-Proto and -Host headers: the last value of the last one")
	void repeatedForwardedHeadersThenLastValue() {
		MockHttpServletRequest sent = internalRequest("10.0.0.1");
		sent.addHeader("X-Forwarded-Proto", "http");
		sent.addHeader("X-Forwarded-Proto", "https");
		sent.addHeader("X-Forwarded-Host", "evil.example");
		sent.addHeader("X-Forwarded-Host", "evil.example, auth.example.com");

		HttpServletRequest request = filtered(sent);

		assertThat(request.getScheme()).isEqualTo("https");
		assertThat(request.getServerName()).isEqualTo("auth.example.com");
	}

	@ParameterizedTest(name = "X-Forwarded-Host: {0}, X-Forwarded-Port: {1} -> {2}:{3}, Host {4}")
	@CsvSource(nullValues = "-", delimiter = '|', textBlock = """
			auth.example.com:8443    | -    | auth.example.com | 8443 | auth.example.com:8443
			auth.example.com         | 8443 | auth.example.com | 8443 | auth.example.com:8443
			auth.example.com:8443    | 9443 | auth.example.com | 8443 | auth.example.com:8443
			auth.example.com:443     | -    | auth.example.com | 443  | auth.example.com
			Auth.Example.COM         | -    | auth.example.com | 443  | auth.example.com
			auth.example.com.        | -    | auth.example.com. | 443 | auth.example.com.
			203.0.113.5              | -    | 203.0.113.5      | 443  | 203.0.113.5
			[2001:db8::1]:8443       | -    | [2001:db8::1]    | 8443 | [2001:db8::1]:8443
			auth.example.com         | 0    | auth.example.com | 443  | auth.example.com
			auth.example.com         | 70000 | auth.example.com | 443 | auth.example.com
			auth.example.com         | 443x | auth.example.com | 443  | auth.example.com
			""")
	@DisplayName("X-Forwarded-Host with its port, or X-Forwarded-Port, names the public authority")
	void forwardedHostAndPort(String host, String port, String serverName, int serverPort, String hostHeader) {
		MockHttpServletRequest sent = internalRequest("10.0.0.1");
		sent.addHeader("X-Forwarded-Proto", "https");
		sent.addHeader("X-Forwarded-Host", host);
		if (port != null) {
			sent.addHeader("X-Forwarded-Port", port);
		}

		HttpServletRequest request = filtered(sent);

		assertThat(request.getServerName()).isEqualTo(serverName);
		assertThat(request.getServerPort()).isEqualTo(serverPort);
		assertThat(request.getHeader("Host")).isEqualTo(hostHeader);
		assertThat(request.getRequestURL()).hasToString("https://" + hostHeader + "/auth/login");
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "auth.example.com/evil", "evil.example@auth.example.com", "auth.example.com:99999",
			"auth.example.com:0", "auth.example.com:443:443", "auth example.com", "-auth.example.com",
			"auth-.example.com", "auth..example.com", "[auth.example.com]", "[2001:db8::1", "[fe80::1%eth0]",
			"auth.example.com:", "auth.example.com\r\nX-Injected: 1", "auth_example.com", "*.example.com",
			"javascript:alert(1)", "ünïcode.example",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.example.com",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	@DisplayName("a malformed X-Forwarded-Host is ignored: server name, Host and URL stay the request's own")
	void malformedForwardedHostThenIgnored(String host) {
		MockHttpServletRequest sent = internalRequest("10.0.0.1");
		sent.addHeader("X-Forwarded-Host", host);

		HttpServletRequest request = filtered(sent);

		assertThat(request.getServerName()).isEqualTo("latchkey.internal");
		assertThat(request.getServerPort()).isEqualTo(8000);
		assertThat(request.getHeader("Host")).isEqualTo("latchkey.internal:8000");
		assertThat(request.getRequestURL()).hasToString("http://latchkey.internal:8000/auth/login");
	}

	@Test
	@DisplayName("a proxy that passes the public Host on and adds X-Forwarded-Proto: the scheme's default port")
	void forwardedProtoWithPublicHostThenDefaultPort() {
		MockHttpServletRequest sent = internalRequest("10.0.0.1");
		sent.removeHeader("Host");
		sent.addHeader("Host", "auth.example.com");
		sent.setServerName("auth.example.com");
		sent.setServerPort(80);
		sent.addHeader("X-Forwarded-Proto", "https");

		HttpServletRequest request = filtered(sent);

		assertThat(request.getServerName()).isEqualTo("auth.example.com");
		assertThat(request.getServerPort()).isEqualTo(443);
		assertThat(request.getHeader("Host")).isEqualTo("auth.example.com");
		assertThat(request.getRequestURL()).hasToString("https://auth.example.com/auth/login");
	}

	@Test
	@DisplayName("a proxy that passes the public Host on with its port keeps that port")
	void forwardedProtoWithPublicHostAndPortThenThatPort() {
		MockHttpServletRequest sent = internalRequest("10.0.0.1");
		sent.removeHeader("Host");
		sent.addHeader("Host", "auth.example.com:8443");
		sent.setServerName("auth.example.com");
		sent.setServerPort(8443);
		sent.addHeader("X-Forwarded-Proto", "https");

		HttpServletRequest request = filtered(sent);

		assertThat(request.getServerPort()).isEqualTo(8443);
		assertThat(request.getHeader("Host")).isEqualTo("auth.example.com:8443");
		assertThat(request.getRequestURL()).hasToString("https://auth.example.com:8443/auth/login");
	}

	@Test
	@DisplayName("the client address survives further wrapping (as Spring Security wraps requests)")
	void resolveThroughAnotherWrapperThenClient() {
		MockHttpServletRequest sent = internalRequest("10.0.0.1");
		sent.addHeader("X-Forwarded-For", "203.0.113.7");

		HttpServletRequest request = new SecurityContextHolderAwareRequestWrapper(filtered(sent), "ROLE_");

		assertThat(this.addresses.resolve(request)).isEqualTo("203.0.113.7");
		assertThat(request.getRemoteAddr()).isEqualTo("203.0.113.7");
	}

	@Test
	@DisplayName("a request passed on is not wrapped again (an error or async dispatch of it)")
	void filteredTwiceThenWrappedOnce() {
		MockHttpServletRequest sent = internalRequest("10.0.0.1");
		sent.addHeader("X-Forwarded-For", "10.9.9.9");
		sent.addHeader("X-Forwarded-Proto", "https");

		HttpServletRequest once = filtered(sent);
		HttpServletRequest twice = filtered(once);

		assertThat(twice).isSameAs(once);
	}

	@Test
	@DisplayName("error and async dispatches are filtered too")
	void errorAndAsyncDispatchesFiltered() {
		TrustedProxyFilter filter = new TrustedProxyFilter(this.addresses);

		assertThat(filter.shouldNotFilterErrorDispatch()).isFalse();
		assertThat(filter.shouldNotFilterAsyncDispatch()).isFalse();
	}

	@Test
	@DisplayName("a RemoteIpValve that some setting added to Tomcat is taken out again; other valves stay")
	void remoteIpValveRemovedFromTomcat() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		AccessLogValve accessLog = new AccessLogValve();
		factory.addEngineValves(new RemoteIpValve(), accessLog);

		new WebConfiguration.NoRemoteIpValve().customize(factory);

		assertThat(factory.getEngineValves()).containsExactly(accessLog);
	}

	private HttpServletRequest filtered(HttpServletRequest request) {
		MockFilterChain chain = new MockFilterChain();
		try {
			this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		}
		catch (IOException | ServletException ex) {
			throw new IllegalStateException(ex);
		}
		return (HttpServletRequest) chain.getRequest();
	}

	/** A request as the proxy at {@code peer} sends it to Latchkey's own plain HTTP. */
	private static MockHttpServletRequest internalRequest(String peer) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/login");
		request.setRemoteAddr(peer);
		request.setScheme("http");
		request.setServerName("latchkey.internal");
		request.setServerPort(8000);
		request.addHeader("Host", "latchkey.internal:8000");
		return request;
	}

	private static NetworkSettings properties(String... trustedProxies) {
		return TestSettings.defaults()
			.with("TRUSTED_PROXIES", String.join(",", trustedProxies))
			.bind(NetworkSettings.class);
	}

}
