package dev.latchkey.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.Closing;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.RawHttpClient;
import dev.latchkey.support.RunningInstance;
import dev.latchkey.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * X-Forwarded-For, -Proto, -Host and -Port over real HTTP: believed from a peer in
 * TRUSTED_PROXIES, so that a browser on the public HTTPS origin of a TLS-terminating
 * proxy is same-origin; and from any other peer, on any platform Spring Boot detects,
 * changing nothing at all. The clients write requests by hand from loopback addresses of
 * their own: 127.0.0.1 plays the proxy, 127.0.0.2 a client that is not one.
 */
@DisplayName("Forwarded headers")
class ForwardedHeadersTest {

	static final String PUBLIC_ORIGIN = "https://auth.example.com";

	static final String PASSWORD = "correct-horse-battery";

	static final String WRONG_PASSWORD = "wrong-horse-battery";

	/** What a TLS-terminating proxy serving https://auth.example.com adds. */
	static final Map<String, String> FROM_PUBLIC_ORIGIN = Map.of("Origin", PUBLIC_ORIGIN, "X-Forwarded-Proto", "https",
			"X-Forwarded-Host", "auth.example.com");

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	@DisplayName("on Kubernetes, which Spring Boot detects, without TRUSTED_PROXIES")
	class OnKubernetesWithoutTrustedProxies {

		/**
		 * A limit of its own (a setting names its buckets), shared with no other test.
		 */
		final String addressLimit = "3/" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000) + "s";

		RunningInstance instance;

		@BeforeAll
		void start() {
			this.instance = RunningInstance.start(
					Map.of("DATABASE_URL", TestDatabase.url(), "RATE_LIMITS_ENABLED", "true",
							"RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS", this.addressLimit,
							"RATE_LIMIT_REGISTRATIONS_PER_ADDRESS", "1000/1h"),
					Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));
		}

		@AfterAll
		void stop() throws Exception {
			Closing.all(this.instance);
		}

		@Test
		@DisplayName("the platform is detected (else the tests below would prove nothing)")
		void platformIsDetected() {
			assertThat(CloudPlatform.getActive(this.instance.context().getEnvironment()))
				.isEqualTo(CloudPlatform.KUBERNETES);
		}

		@Test
		@DisplayName("a login sent with X-Forwarded-For records the socket peer as the session's ip")
		void loginWhenForwardedForThenSessionRecordsPeer() {
			RawHttpClient client = client("127.0.0.1");

			signIn(client, Map.of("X-Forwarded-For", "203.0.113.7"));

			assertThat(sessionIp(client)).isEqualTo("127.0.0.1");
		}

		@Test
		@DisplayName("the per-address login limit cannot be escaped by changing X-Forwarded-For")
		void loginFailuresWhenForwardedForChangesThenOneAddressLimit() {
			// An address of its own, so that the other tests here keep theirs unlimited.
			RawHttpClient client = client("127.0.0.3");

			for (int i = 1; i <= 3; i++) {
				Reply failed = client.postJson("/auth/login", Map.of("X-Forwarded-For", "198.51.100." + i),
						Map.of("email", ApiClient.uniqueEmail(), "password", WRONG_PASSWORD));
				assertThat(failed.status()).as("failure %d", i).isEqualTo(401);
			}
			Reply limited = client.postJson("/auth/login", Map.of("X-Forwarded-For", "198.51.100.4"),
					Map.of("email", ApiClient.uniqueEmail(), "password", WRONG_PASSWORD));

			assertThat(limited.status()).isEqualTo(429);
			assertThat(limited.code()).isEqualTo("rate_limited");
		}

		@ParameterizedTest(name = "\"{0}\"")
		@ValueSource(strings = { "not-an-address",
				"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
				"fe80::1%zone-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
		@DisplayName("a forged X-Forwarded-For that is no address signs in, and never reaches the database")
		void loginWhenForwardedForIsGarbageThenSessionRecordsPeer(String garbage) {
			RawHttpClient client = client("127.0.0.1");

			signIn(client, Map.of("X-Forwarded-For", garbage));

			assertThat(sessionIp(client)).isEqualTo("127.0.0.1");
		}

		@Test
		@DisplayName("X-Forwarded-Proto and -Host do not make a foreign origin this one")
		void postWhenForwardedProtoAndHostThenStillCrossOrigin() {
			Reply reply = client("127.0.0.1").postJson("/auth/login", FROM_PUBLIC_ORIGIN,
					Map.of("email", ApiClient.uniqueEmail(), "password", WRONG_PASSWORD));

			assertThat(reply.status()).isEqualTo(403);
			assertThat(reply.code()).isEqualTo("cross_origin_request");
		}

		private RawHttpClient client(String from) {
			return new RawHttpClient(this.instance.port(), from);
		}

	}

	/**
	 * The application behind a TLS-terminating proxy on 127.0.0.1, which serves it at
	 * https://auth.example.com (not in ALLOWED_ORIGINS: same-origin needs no CORS).
	 */
	@Nested
	@IntegrationTest
	@TestPropertySource(properties = "TRUSTED_PROXIES=127.0.0.1,::1")
	@DisplayName("behind a trusted proxy")
	class BehindATrustedProxy {

		@LocalServerPort
		int port;

		@Test
		@DisplayName("a POST from the proxy's public origin is same-origin: a wrong password answers 401, not 403")
		void postFromPublicOriginThenNotRefused() {
			Reply reply = login(proxy(), FROM_PUBLIC_ORIGIN);

			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.code()).isEqualTo("invalid_credentials");
		}

		@Test
		@DisplayName("with Sec-Fetch-Site: same-origin too")
		void postFromPublicOriginWithFetchMetadataThenNotRefused() {
			Reply reply = login(proxy(), with(FROM_PUBLIC_ORIGIN, "Sec-Fetch-Site", "same-origin"));

			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.code()).isEqualTo("invalid_credentials");
		}

		@Test
		@DisplayName("a proxy that passes the public Host through and adds only X-Forwarded-Proto")
		void postWhenProxyPassesHostAndProtoThenNotRefused() {
			Reply reply = login(proxy(),
					Map.of("Origin", PUBLIC_ORIGIN, "Host", "auth.example.com", "X-Forwarded-Proto", "https"));

			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.code()).isEqualTo("invalid_credentials");
		}

		@Test
		@DisplayName("a public port in X-Forwarded-Host or X-Forwarded-Port is part of the origin")
		void postWhenPublicPortForwardedThenOriginNeedsThatPort() {
			Map<String, String> portInHost = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host",
					"auth.example.com:8443");
			Map<String, String> portApart = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "auth.example.com",
					"X-Forwarded-Port", "8443");

			assertThat(login(proxy(), with(portInHost, "Origin", "https://auth.example.com:8443")).status())
				.isEqualTo(401);
			assertThat(login(proxy(), with(portApart, "Origin", "https://auth.example.com:8443")).status())
				.isEqualTo(401);
			assertThat(login(proxy(), with(portInHost, "Origin", PUBLIC_ORIGIN)).code())
				.isEqualTo("cross_origin_request");
			assertThat(login(proxy(), with(portApart, "Origin", PUBLIC_ORIGIN)).code())
				.isEqualTo("cross_origin_request");
		}

		@Test
		@DisplayName("a redirect stays on the public origin")
		void redirectThroughProxyThenPublicLocation() {
			Reply docs = proxy().get("/docs",
					Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "auth.example.com"));

			assertThat(docs.status()).isEqualTo(302);
			assertThat(docs.header("Location")).singleElement()
				.satisfiesAnyOf((location) -> assertThat(location).startsWith("/swagger-ui/"),
						(location) -> assertThat(location).startsWith(PUBLIC_ORIGIN + "/swagger-ui/"));
		}

		@Test
		@DisplayName("the client is the address the proxy reports in X-Forwarded-For")
		void loginThroughProxyThenSessionRecordsReportedClient() {
			RawHttpClient proxy = proxy();

			signIn(proxy, with(FROM_PUBLIC_ORIGIN, "X-Forwarded-For", "192.0.2.1, 203.0.113.77"));

			assertThat(sessionIp(proxy)).isEqualTo("203.0.113.77");
		}

		@Test
		@DisplayName("a foreign origin is still refused through the proxy")
		void postFromForeignOriginThroughProxyThenRefused() {
			Reply reply = login(proxy(), with(FROM_PUBLIC_ORIGIN, "Origin", "https://evil.example"));

			assertThat(reply.status()).isEqualTo(403);
			assertThat(reply.code()).isEqualTo("cross_origin_request");
		}

		@Test
		@DisplayName("from a peer that is not a trusted proxy, the same headers change nothing: the origin is foreign")
		void postFromUntrustedPeerWithForwardedHeadersThenRefused() {
			Reply withoutFetchMetadata = login(untrusted(), FROM_PUBLIC_ORIGIN);
			Reply withFetchMetadata = login(untrusted(), with(FROM_PUBLIC_ORIGIN, "Sec-Fetch-Site", "same-origin"));

			assertThat(withoutFetchMetadata.status()).isEqualTo(403);
			assertThat(withoutFetchMetadata.code()).isEqualTo("cross_origin_request");
			assertThat(withFetchMetadata.status()).isEqualTo(403);
			assertThat(withFetchMetadata.code()).isEqualTo("cross_origin_request");
		}

		@Test
		@DisplayName("from a peer that is not a trusted proxy, X-Forwarded-For changes nothing: the session records the peer")
		void loginFromUntrustedPeerThenSessionRecordsPeer() {
			RawHttpClient client = untrusted();

			signIn(client, Map.of("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https", "X-Forwarded-Host",
					"auth.example.com"));

			assertThat(sessionIp(client)).isEqualTo("127.0.0.2");
		}

		@Test
		@DisplayName("a trusted proxy's X-Forwarded-Proto other than http or https is ignored")
		void postWhenForwardedProtoIsNotHttpThenIgnored() {
			Map<String, String> javascript = Map.of("X-Forwarded-Proto", "javascript", "X-Forwarded-Host",
					"auth.example.com");

			assertThat(login(proxy(), with(javascript, "Origin", PUBLIC_ORIGIN)).code())
				.as("the scheme stays http, so the https origin is another one")
				.isEqualTo("cross_origin_request");
			assertThat(login(proxy(), with(javascript, "Origin", "http://auth.example.com")).code())
				.isEqualTo("invalid_credentials");
			assertThat(login(proxy(), with(javascript, "Origin", "javascript://auth.example.com")).code())
				.isEqualTo("cross_origin_request");
		}

		@ParameterizedTest(name = "\"{0}\"")
		@ValueSource(strings = { "auth.example.com/evil", "evil.example@auth.example.com", "auth.example.com:99999",
				"auth.example.com:443:443", "auth example.com", "-auth.example.com", "[auth.example.com]",
				"auth.example.com:" })
		@DisplayName("a trusted proxy's malformed X-Forwarded-Host is ignored: the Host stays the request's own")
		void postWhenForwardedHostMalformedThenIgnored(String host) {
			Map<String, String> malformed = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", host);

			assertThat(login(proxy(), with(malformed, "Origin", PUBLIC_ORIGIN)).code())
				.isEqualTo("cross_origin_request");
			assertThat(login(proxy(), with(malformed, "Origin", "https://127.0.0.1:" + this.port)).code())
				.as("the request's own host and port, under the forwarded scheme")
				.isEqualTo("invalid_credentials");
		}

		@ParameterizedTest(name = "\"{0}\"")
		@ValueSource(strings = { "not-an-address", "fe80::1%eth0",
				"fe80::1%zone-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
		@DisplayName("a forged X-Forwarded-For hop that is no address never reaches the database: the proxy is recorded")
		void loginWhenForwardedHopIsGarbageThenProxyRecorded(String garbage) {
			RawHttpClient proxy = proxy();

			signIn(proxy, Map.of("X-Forwarded-For", "203.0.113.7, " + garbage));

			assertThat(sessionIp(proxy)).isEqualTo("127.0.0.1");
		}

		private Reply login(RawHttpClient client, Map<String, String> headers) {
			return client.postJson("/auth/login", headers,
					Map.of("email", ApiClient.uniqueEmail(), "password", WRONG_PASSWORD));
		}

		private RawHttpClient proxy() {
			return new RawHttpClient(this.port, "127.0.0.1");
		}

		private RawHttpClient untrusted() {
			return new RawHttpClient(this.port, "127.0.0.2");
		}

	}

	/** Registers a new user and signs in with the given headers on the login. */
	static void signIn(RawHttpClient client, Map<String, String> headers) {
		String email = ApiClient.uniqueEmail();
		Reply registered = client.postJson("/auth/register", Map.of(), Map.of("email", email, "password", PASSWORD));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		Reply login = client.postJson("/auth/login", headers, Map.of("email", email, "password", PASSWORD));
		assertThat(login.status()).as(login.body()).isEqualTo(200);
	}

	/** The ip that the client's only session recorded. */
	static String sessionIp(RawHttpClient client) {
		Reply sessions = client.get("/auth/sessions", Map.of());
		assertThat(sessions.status()).as(sessions.body()).isEqualTo(200);
		assertThat(sessions.json()).hasSize(1);
		return sessions.json().get(0).path("ip").asString();
	}

	static Map<String, String> with(Map<String, String> headers, String name, String value) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put(name, value);
		return all;
	}

}
