package dev.latchkey.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document behind /docs, /redoc and /openapi.json. The two cookies are its
 * security schemes, so Swagger UI's "Try it out" works with the cookies the browser
 * already holds. The failures every operation can meet (bad JSON, validation, size, media
 * type, authentication, cross-origin, outage) are added here rather than repeated on each
 * endpoint, and every failure is documented as the problem+json it is.
 * <p>
 * ApiContractTest drives every operation through its answers and checks each against this
 * document; CI lints it with Redocly CLI.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs {

	public static final String ACCESS_COOKIE = "access_token";

	public static final String REFRESH_COOKIE = "refresh_token";

	private static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	/**
	 * An operation that also answers a request without the credentials its
	 * {@code @SecurityRequirement} names: its security gains the empty requirement
	 * {@code {}}, so a validating proxy lets such a request through.
	 */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	public @interface CredentialsOptional {

	}

	@Bean
	OpenAPI latchkeyOpenApi(@Value("${spring.application.name}") String appName) {
		return new OpenAPI()
			.info(new Info().title(appName + " API")
				.version("1")
				.description("Cookie-based authentication: register, sign in (HttpOnly access_token and "
						+ "refresh_token cookies), refresh, sign out. Errors are application/problem+json "
						+ "with a stable `code`."))
			// Relative: the API is wherever this document was fetched from, behind any
			// proxy, rather than the host and scheme one request happened to name.
			.servers(List.of(new Server().url("/").description("The server that serves this document")))
			.components(new Components()
				.addSecuritySchemes(ACCESS_COOKIE, cookie(ACCESS_COOKIE, "The short-lived JWT set by /auth/login"))
				.addSecuritySchemes(REFRESH_COOKIE,
						cookie(REFRESH_COOKIE, "The opaque refresh token, sent only to /auth paths")))
			// In reading order: signing in comes before what a signed-in user can do.
			.tags(List.of(new Tag().name("auth").description("Register, sign in with cookies, refresh and sign out"),
					new Tag().name("sessions").description("The signed-in devices of the current user"),
					new Tag().name("users").description("The signed-in user's account")));
	}

	/**
	 * springdoc describes bodies with its own Jackson 2 mapper, which knows neither the
	 * snake_case naming of the application's Jackson 3 mapper nor JSpecify's
	 * {@code @Nullable}; this resolver knows both.
	 */
	@Bean
	ModelResolver apiModelResolver() {
		return new ApiModelResolver();
	}

	@Bean
	OperationCustomizer securityRequirements() {
		return (operation, handlerMethod) -> {
			if (operation.getSecurity() == null) {
				// Public: said explicitly, so that no one reads a forgotten requirement.
				operation.setSecurity(new ArrayList<>());
			}
			else if (handlerMethod.hasMethodAnnotation(CredentialsOptional.class)) {
				operation.addSecurityItem(new SecurityRequirement());
			}
			return operation;
		};
	}

	@Bean
	OpenApiCustomizer problemResponses() {
		return (openApi) -> {
			// Added here, not in the OpenAPI bean: springdoc drops the schemas that no
			// operation refers to before the customizers run.
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			if (openApi.getPaths() != null) {
				openApi.getPaths()
					.values()
					.forEach((path) -> path.readOperationsMap().forEach(ApiDocs::addProblemResponses));
				answersHaveEveryProperty(openApi);
			}
		};
	}

	private static void addProblemResponses(PathItem.HttpMethod method, Operation operation) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		if (operation.getRequestBody() != null) {
			addProblem(responses, "400", "`malformed_json`: the body is missing or is not JSON");
			if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT
					|| method == PathItem.HttpMethod.PATCH) {
				// Spring MVC refuses another media type with 415 only for these methods;
				// for a DELETE it reads no body, and answers 400.
				addProblem(responses, "415", "`unsupported_media_type`: send Content-Type: application/json");
			}
			addProblem(responses, "422", "`validation_failed`: see `errors`, one entry per field");
		}
		boolean needsAccessCookie = operation.getSecurity() != null
				&& operation.getSecurity().stream().anyMatch((requirement) -> requirement.containsKey(ACCESS_COOKIE));
		if (needsAccessCookie) {
			addProblem(responses, "401", "`not_authenticated`, `access_token_expired` or `access_token_invalid`");
		}
		// Every request passes the cross-origin check and the body limit before anything
		// else, and nearly every one needs the database.
		addProblem(responses, "403",
				"`cross_origin_request`: a browser sent it from an origin that is not in ALLOWED_ORIGINS");
		addProblem(responses, "413", "`payload_too_large`: the body is larger than this service accepts");
		addProblem(responses, "503",
				"`service_unavailable`: the database cannot be reached right now; retry after Retry-After");
		responses.forEach((status, response) -> {
			if (!status.startsWith("2")) {
				// springdoc gives each @ApiResponse the method's return type, but a
				// failure is a problem.
				response.setContent(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
			}
		});
		operation.setResponses(responses);
	}

	/**
	 * Latchkey writes every property of an answer, null or not
	 * ({@code spring.jackson.default-property-inclusion: always}), so every property of a
	 * schema that only answers use (and that does not list its required properties
	 * itself) is required: a client may rely on it being there.
	 */
	@SuppressWarnings("rawtypes")
	private static void answersHaveEveryProperty(OpenAPI openApi) {
		Map<String, Schema> schemas = (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null)
				? openApi.getComponents().getSchemas() : Map.of();
		Set<String> inAnswers = new TreeSet<>();
		Set<String> inRequests = new TreeSet<>();
		openApi.getPaths().values().forEach((path) -> path.readOperations().forEach((operation) -> {
			if (operation.getRequestBody() != null) {
				referenced(operation.getRequestBody().getContent(), schemas, inRequests);
			}
			if (operation.getResponses() != null) {
				operation.getResponses()
					.values()
					.forEach((response) -> referenced(response.getContent(), schemas, inAnswers));
			}
		}));
		inAnswers.removeAll(inRequests);
		for (String name : inAnswers) {
			Schema<?> schema = schemas.get(name);
			if (schema != null && schema.getProperties() != null && schema.getRequired() == null) {
				schema.setRequired(new ArrayList<>(new TreeSet<>(schema.getProperties().keySet())));
			}
		}
	}

	/** Adds the names of the component schemas the content refers to, transitively. */
	@SuppressWarnings("rawtypes")
	private static void referenced(@Nullable Content content, Map<String, Schema> schemas, Set<String> names) {
		if (content != null) {
			content.values().forEach((mediaType) -> referenced(mediaType.getSchema(), schemas, names));
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void referenced(@Nullable Schema<?> schema, Map<String, Schema> schemas, Set<String> names) {
		if (schema == null) {
			return;
		}
		String ref = schema.get$ref();
		if (ref != null && ref.startsWith("#/components/schemas/")) {
			String name = ref.substring("#/components/schemas/".length());
			if (names.add(name)) {
				referenced(schemas.get(name), schemas, names);
			}
		}
		List<Schema> parts = new ArrayList<>();
		if (schema.getProperties() != null) {
			parts.addAll(schema.getProperties().values());
		}
		parts.add(schema.getItems());
		Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())
			.filter(Objects::nonNull)
			.forEach(parts::addAll);
		if (schema.getAdditionalProperties() instanceof Schema additional) {
			parts.add(additional);
		}
		parts.forEach((part) -> referenced(part, schemas, names));
	}

	/**
	 * Documents a failure; one the operation already documents with its own reason gains
	 * this reason as a second paragraph.
	 */
	private static void addProblem(ApiResponses responses, String status, String description) {
		ApiResponse existing = responses.get(status);
		if (existing == null) {
			responses.addApiResponse(status, problem(description));
		}
		else if (existing.getDescription() == null || existing.getDescription().isBlank()) {
			existing.setDescription(description);
		}
		else if (!existing.getDescription().contains(description)) {
			existing.setDescription(existing.getDescription() + "\n\n" + description);
		}
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description);
	}

	private static SecurityScheme cookie(String name, String description) {
		return new SecurityScheme().type(SecurityScheme.Type.APIKEY)
			.in(SecurityScheme.In.COOKIE)
			.name(name)
			.description(description);
	}

	@SuppressWarnings("rawtypes")
	private static Schema<?> problemSchema() {
		Map<String, Schema> properties = Map.of("type", new StringSchema().format("uri"), "title", new StringSchema(),
				"status", new IntegerSchema(), "detail", new StringSchema(), "instance",
				new StringSchema().format("uri-reference"), "code",
				new StringSchema().description("Stable, machine-readable reason"), "errors",
				new ArraySchema()
					.items(new ObjectSchema().addProperty("field", new StringSchema())
						.addProperty("message", new StringSchema())
						.required(List.of("field", "message")))
					.description("For 422 only: what is wrong with each field"));
		return new ObjectSchema().properties(properties)
			.required(List.of("type", "title", "status", "code"))
			.description("RFC 9457 problem details");
	}

}
