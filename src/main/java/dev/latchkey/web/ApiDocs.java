package dev.latchkey.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
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
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document behind /docs, /redoc and /openapi.json. The two cookies are its
 * security schemes, so Swagger UI's "Try it out" works with the cookies the browser
 * already holds. The failures every operation can meet (bad JSON, validation, size, media
 * type, authentication) are added here rather than repeated on each endpoint.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs {

	public static final String ACCESS_COOKIE = "access_token";

	public static final String REFRESH_COOKIE = "refresh_token";

	private static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	OpenAPI latchkeyOpenApi(@Value("${spring.application.name}") String appName) {
		return new OpenAPI()
			.info(new Info().title(appName + " API")
				.version("1")
				.description("Cookie-based authentication: register, sign in (HttpOnly access_token and "
						+ "refresh_token cookies), refresh, sign out. Errors are application/problem+json "
						+ "with a stable `code`."))
			.components(new Components()
				.addSecuritySchemes(ACCESS_COOKIE, cookie(ACCESS_COOKIE, "The short-lived JWT set by /auth/login"))
				.addSecuritySchemes(REFRESH_COOKIE,
						cookie(REFRESH_COOKIE, "The opaque refresh token, sent only to /auth paths"))
				.addSchemas(PROBLEM, problemSchema()))
			// In reading order: signing in comes before what a signed-in user can do.
			.tags(List.of(new Tag().name("auth").description("Register, sign in with cookies, refresh and sign out"),
					new Tag().name("sessions").description("The signed-in devices of the current user"),
					new Tag().name("users").description("The signed-in user's account")));
	}

	/**
	 * springdoc describes bodies with its own Jackson 2 mapper, which does not know the
	 * snake_case naming the application's Jackson 3 mapper uses; this one does.
	 */
	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	@Bean
	OperationCustomizer problemResponses() {
		return (operation, handlerMethod) -> {
			ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
			if (operation.getRequestBody() != null) {
				responses.putIfAbsent("400", problem("`malformed_json`: the body is not JSON"));
				responses.putIfAbsent("413", problem("`payload_too_large`"));
				responses.putIfAbsent("415", problem("`unsupported_media_type`: send Content-Type: application/json"));
				responses.putIfAbsent("422", problem("`validation_failed`: see `errors`, one entry per field"));
			}
			boolean needsAccessCookie = operation.getSecurity() != null && operation.getSecurity()
				.stream()
				.anyMatch((requirement) -> requirement.containsKey(ACCESS_COOKIE));
			if (needsAccessCookie) {
				responses.putIfAbsent("401",
						problem("`not_authenticated`, `access_token_expired` or `access_token_invalid`"));
			}
			responses.forEach((status, response) -> {
				if (!status.startsWith("2") && response.getContent() == null) {
					response.setContent(new Content().addMediaType(PROBLEM_JSON,
							new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
				}
			});
			operation.setResponses(responses);
			return operation;
		};
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
						.addProperty("message", new StringSchema()))
					.description("For 422 only: what is wrong with each field"));
		return new ObjectSchema().properties(properties)
			.required(List.of("type", "title", "status", "code"))
			.description("RFC 9457 problem details");
	}

}
