package dev.latchkey.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A safety net: every controller endpoint that is not deliberately public refuses an
 * anonymous request with 401. A new endpoint cannot be left open by forgetting to add its
 * path to {@link SecurityConfiguration#PROTECTED_PATHS}, and making one public is a
 * visible change here.
 */
@IntegrationTest
class ProtectedEndpointsTest {

	/**
	 * The endpoints anybody may call: the template's sign-in flow, recovery, whose users
	 * cannot sign in, the steps of a sign-in (a second factor, a passkey) that has no
	 * session yet, and zero-setup mode's mailbox page, which answers this machine only,
	 * and 404 in any other mode (ZeroSetupStartupTest, OutboxAcrossInstancesTest).
	 */
	private static final Set<String> PUBLIC_ENDPOINTS = Set.of("POST /auth/register", "POST /auth/login",
			"POST /auth/refresh", "POST /auth/logout", "POST /auth/forgot-password", "POST /auth/reset-password",
			"POST /auth/request-verify-token", "POST /auth/verify", "POST /auth/mfa/verify",
			"POST /auth/mfa/passkey/options", "POST /auth/mfa/passkey", "POST /auth/passkey/options",
			"POST /auth/passkey/login", "GET /dev/mailbox");

	/**
	 * Paths served by the framework rather than by Latchkey's controllers: API docs and
	 * errors.
	 */
	private static final List<String> INFRASTRUCTURE_PREFIXES = List.of("/openapi.json", "/docs", "/swagger-ui",
			"/v3/api-docs", "/error");

	/** What a mapping with no method condition is probed with. */
	private static final List<String> ANY_METHOD = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMapping;

	@Test
	@DisplayName("the public endpoints are exactly the sign-in flow, recovery and the dev mailbox")
	void thePublicEndpointsAreTheTemplatesSignInFlow() {
		List<String> unprotected = endpoints().stream()
			.filter((endpoint) -> !isInfrastructure(endpoint.path()))
			.filter((endpoint) -> !matchesAProtectedPath(endpoint.path()))
			.map(Endpoint::toString)
			.toList();

		assertThat(unprotected).containsExactlyInAnyOrderElementsOf(PUBLIC_ENDPOINTS);
	}

	@Test
	void everyOtherControllerEndpointIsUnderAProtectedPath() {
		List<Endpoint> others = endpoints().stream()
			.filter((endpoint) -> !isInfrastructure(endpoint.path()))
			.filter((endpoint) -> !PUBLIC_ENDPOINTS.contains(endpoint.toString()))
			.toList();

		assertThat(others).as("Latchkey's own endpoints besides the public ones").isNotEmpty();
		assertThat(others).allSatisfy(
				(endpoint) -> assertThat(matchesAProtectedPath(endpoint.path()))
					.as("%s is not covered by SecurityConfiguration.PROTECTED_PATHS %s", endpoint,
							Arrays.toString(SecurityConfiguration.PROTECTED_PATHS))
					.isTrue());
	}

	@TestFactory
	@DisplayName("every non-public endpoint answers an anonymous request with 401 not_authenticated")
	Stream<DynamicTest> everyNonPublicEndpointRefusesAnonymousRequests() {
		List<Endpoint> protectedEndpoints = endpoints().stream()
			.filter((endpoint) -> !isInfrastructure(endpoint.path()))
			.filter((endpoint) -> !PUBLIC_ENDPOINTS.contains(endpoint.toString()))
			.toList();
		assertThat(protectedEndpoints).extracting(Endpoint::toString)
			.contains("GET /users/me", "POST /auth/logout-all");

		return protectedEndpoints.stream().map((endpoint) -> DynamicTest.dynamicTest(endpoint.toString(), () -> {
			ApiClient anonymous = new ApiClient(this.port);
			String body = Set.of("POST", "PUT", "PATCH", "DELETE").contains(endpoint.method()) ? "{}" : "";
			ApiClient.Reply reply = anonymous.send(endpoint.method(), endpoint.concretePath(),
					body.isEmpty() ? Map.of() : Map.of("Content-Type", "application/json"), body);

			assertThat(reply.status()).as("%s answered %s", endpoint, reply.body()).isEqualTo(401);
			assertThat(reply.code()).isEqualTo("not_authenticated");
			assertThat(reply.contentType()).startsWith("application/problem+json");
		}));
	}

	private List<Endpoint> endpoints() {
		List<Endpoint> endpoints = new ArrayList<>();
		for (RequestMappingInfo mapping : this.handlerMapping.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
			List<String> methodNames = methods.isEmpty() ? ANY_METHOD
					: methods.stream().map(RequestMethod::name).toList();
			for (String path : mapping.getPatternValues()) {
				for (String method : methodNames) {
					endpoints.add(new Endpoint(method, path));
				}
			}
		}
		assertThat(endpoints).as("the handler mapping lists Latchkey's controllers")
			.extracting(Endpoint::toString)
			.contains("POST /auth/login");
		return endpoints.stream().distinct().sorted(Comparator.comparing(Endpoint::toString)).toList();
	}

	private static boolean isInfrastructure(String path) {
		return INFRASTRUCTURE_PREFIXES.stream().anyMatch(path::startsWith);
	}

	private static boolean matchesAProtectedPath(String path) {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		String concrete = Endpoint.concrete(path);
		return Arrays.stream(SecurityConfiguration.PROTECTED_PATHS)
			.anyMatch((pattern) -> parser.parse(pattern).matches(PathContainer.parsePath(concrete)));
	}

	record Endpoint(String method, String path) {

		/** The path with every {variable} filled in, as a client would send it. */
		String concretePath() {
			return concrete(this.path);
		}

		static String concrete(String pattern) {
			return pattern.replaceAll("\\{[^}]*}", UUID.randomUUID().toString());
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}
