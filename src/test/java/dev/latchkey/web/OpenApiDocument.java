package dev.latchkey.web;

import java.net.HttpCookie;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAPI 3.1 document as a judge of real HTTP exchanges: is the answer's status one
 * the operation documents, its media type one that status documents, and its body valid
 * by that media type's schema (JSON Schema 2020-12 in OpenAPI's dialect, formats
 * asserted)? For a request the server accepted (2xx), are its credentials and body what
 * the document asks for? It also keeps count of which documented answers were seen.
 * <p>
 * Stricter than the document on one point: a body may carry no property its schema does
 * not name ({@code unevaluatedProperties: false} is added to every object schema with
 * properties), so that the document also describes every field there is.
 */
final class OpenApiDocument {

	/** Where the validator believes the document lives; it is never fetched. */
	private static final String LOCATION = "https://latchkey.invalid/openapi.json";

	private static final JsonMapper json = JsonMapper.shared();

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private final JsonNode document;

	private final SchemaRegistry schemas;

	private final Map<String, Schema> schemaCache = new ConcurrentHashMap<>();

	private final List<Operation> operations = new ArrayList<>();

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	OpenApiDocument(String text) {
		this.document = json.readTree(text);
		JsonNode strict = this.document.deepCopy();
		forEachSchema(strict, OpenApiDocument::closeProperties);
		SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
		this.schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
				(builder) -> builder.schemaRegistryConfig(config)
					.schemas(Map.of(LOCATION, json.writeValueAsString(strict))));
		this.document.path("paths").properties().forEach((path) -> {
			for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
				if (METHODS.contains(entry.getKey())) {
					this.operations.add(new Operation(entry.getKey().toUpperCase(Locale.ROOT), path.getKey(),
							template(path.getKey()), entry.getValue()));
				}
			}
		});
	}

	JsonNode json() {
		return this.document;
	}

	/**
	 * Every documented answer, as {@code METHOD /path/{template} status}, such as
	 * {@code DELETE /auth/sessions/{id} 404}.
	 */
	Set<String> documentedAnswers() {
		Set<String> answers = new TreeSet<>();
		for (Operation operation : this.operations) {
			operation.node.path("responses").propertyNames().forEach((status) -> answers.add(operation.name(status)));
		}
		return answers;
	}

	/** The documented answers that an exchange checked by {@link #violations} matched. */
	Set<String> seenAnswers() {
		return new TreeSet<>(this.seen);
	}

	/** Every way the exchange departs from the document; empty when it does not. */
	List<String> violations(Exchange exchange) {
		List<String> violations = new ArrayList<>();
		String path = exchange.path().replaceFirst("[?#].*", "");
		Operation operation = this.operations.stream()
			.filter((candidate) -> candidate.method.equals(exchange.method())
					&& candidate.pattern.matcher(path).matches())
			.findFirst()
			.orElse(null);
		if (operation == null) {
			violations.add(exchange.method() + " " + path + " is not an operation of the document");
			return violations;
		}
		JsonNode responses = operation.node.path("responses");
		String status = Integer.toString(exchange.status());
		String key = responses.has(status) ? status : responses.has(status.charAt(0) + "XX") ? status.charAt(0) + "XX"
				: responses.has("default") ? "default" : null;
		if (key == null) {
			violations.add(operation.name(status) + ": the operation documents only " + responses.propertyNames());
			return violations;
		}
		this.seen.add(operation.name(key));
		checkBody(violations, "answer",
				pointer("paths", operation.path, operation.method.toLowerCase(Locale.ROOT), "responses", key),
				responses.path(key), exchange.responseContentType(), exchange.responseBody(), false);
		if (exchange.status() >= 200 && exchange.status() < 300) {
			checkCredentials(violations, operation, exchange);
			JsonNode requestBody = operation.node.path("requestBody");
			if (!requestBody.isMissingNode()) {
				checkBody(violations, "request",
						pointer("paths", operation.path, operation.method.toLowerCase(Locale.ROOT), "requestBody"),
						requestBody, exchange.requestContentType(), exchange.requestBody(),
						requestBody.path("required").asBoolean(false));
			}
		}
		return violations.stream().map((violation) -> operation.name(status) + ": " + violation).toList();
	}

	private void checkBody(List<String> violations, String what, String pointer, JsonNode described,
			@Nullable String contentType, String body, boolean required) {
		JsonNode content = described.path("content");
		if (content.isEmpty()) {
			if (!body.isEmpty()) {
				violations.add("the " + what + " has a body, where the document describes none: " + abbreviate(body));
			}
			return;
		}
		if (body.isEmpty()) {
			if (required || what.equals("answer")) {
				violations.add("the " + what + " has no body, where the document describes " + content.propertyNames());
			}
			return;
		}
		String mediaType = (contentType != null) ? contentType.split(";")[0].trim().toLowerCase(Locale.ROOT) : "";
		String documented = content.propertyNames()
			.stream()
			.filter((candidate) -> mediaTypeMatches(candidate, mediaType))
			.findFirst()
			.orElse(null);
		if (documented == null) {
			violations.add("the " + what + " is " + (mediaType.isEmpty() ? "without Content-Type" : mediaType)
					+ ", where the document describes " + content.propertyNames());
			return;
		}
		if (content.path(documented).path("schema").isMissingNode()) {
			return;
		}
		if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
			violations.add("cannot check a " + what + " body of " + mediaType + " against a schema");
			return;
		}
		JsonNode instance;
		try {
			instance = json.readTree(body);
		}
		catch (JacksonException ex) {
			violations.add("the " + what + " body is not JSON: " + abbreviate(body));
			return;
		}
		Schema schema = this.schemaCache.computeIfAbsent(pointer + pointer("content", documented, "schema"),
				(location) -> this.schemas.getSchema(SchemaLocation.of(LOCATION + "#" + location)));
		for (Error error : schema.validate(instance)) {
			violations.add("the " + what + " body is not valid by " + pointer + pointer("content", documented, "schema")
					+ ": " + error.getInstanceLocation() + " " + error.getMessage() + "; body: " + abbreviate(body));
		}
	}

	/** A 2xx answer means the request was let in: it carried what the security asks. */
	private void checkCredentials(List<String> violations, Operation operation, Exchange exchange) {
		JsonNode security = operation.node.has("security") ? operation.node.path("security")
				: this.document.path("security");
		if (security.isMissingNode() || security.isEmpty()) {
			return;
		}
		Set<String> cookies = new TreeSet<>();
		String cookieHeader = exchange.requestHeaders().getOrDefault("Cookie", "");
		for (String pair : cookieHeader.split(";")) {
			if (pair.contains("=")) {
				cookies.add(pair.substring(0, pair.indexOf('=')).trim());
			}
		}
		for (JsonNode requirement : security) {
			boolean satisfied = true;
			for (String scheme : requirement.propertyNames()) {
				JsonNode definition = this.document.path("components").path("securitySchemes").path(scheme);
				boolean cookieScheme = "apiKey".equals(definition.path("type").asString())
						&& "cookie".equals(definition.path("in").asString());
				satisfied &= cookieScheme && cookies.contains(definition.path("name").asString());
			}
			if (satisfied) {
				return;
			}
		}
		violations.add("answered with success a request without the credentials its security requires, " + security
				+ " (cookies sent: " + cookies + ")");
	}

	private static boolean mediaTypeMatches(String documented, String actual) {
		String range = documented.split(";")[0].trim().toLowerCase(Locale.ROOT);
		if (range.equals("*/*") || range.equals(actual)) {
			return true;
		}
		return range.endsWith("/*") && actual.startsWith(range.substring(0, range.length() - 1));
	}

	/**
	 * Makes every object schema with properties refuse the properties it does not name.
	 */
	private static void closeProperties(ObjectNode schema) {
		if (schema.has("properties") && !schema.has("additionalProperties") && !schema.has("unevaluatedProperties")) {
			schema.put("unevaluatedProperties", false);
		}
	}

	/** Visits the Schema Objects of the document: components, bodies and parameters. */
	private static void forEachSchema(JsonNode document, Consumer<ObjectNode> visitor) {
		document.path("components").path("schemas").values().forEach((schema) -> visitSchema(schema, visitor));
		for (JsonNode path : document.path("paths").values()) {
			for (JsonNode operation : path.values()) {
				operation.path("parameters")
					.values()
					.forEach((parameter) -> visitSchema(parameter.path("schema"), visitor));
				operation.path("requestBody")
					.path("content")
					.values()
					.forEach((mediaType) -> visitSchema(mediaType.path("schema"), visitor));
				for (JsonNode response : operation.path("responses").values()) {
					response.path("content")
						.values()
						.forEach((mediaType) -> visitSchema(mediaType.path("schema"), visitor));
				}
			}
		}
	}

	private static void visitSchema(JsonNode schema, Consumer<ObjectNode> visitor) {
		if (!(schema instanceof ObjectNode object)) {
			return;
		}
		visitor.accept(object);
		object.path("properties").values().forEach((property) -> visitSchema(property, visitor));
		visitSchema(object.path("items"), visitor);
		visitSchema(object.path("additionalProperties"), visitor);
		visitSchema(object.path("not"), visitor);
		for (String composition : List.of("allOf", "anyOf", "oneOf", "prefixItems")) {
			object.path(composition).values().forEach((part) -> visitSchema(part, visitor));
		}
	}

	/** A JSON pointer to the given keys, each escaped as RFC 6901 says. */
	private static String pointer(String... keys) {
		StringBuilder pointer = new StringBuilder();
		for (String key : keys) {
			pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
		}
		return pointer.toString();
	}

	private static Pattern template(String path) {
		StringBuilder regex = new StringBuilder("^");
		for (Iterator<String> parts = List.of(path.split("\\{[^/}]+}", -1)).iterator(); parts.hasNext();) {
			regex.append(Pattern.quote(parts.next()));
			if (parts.hasNext()) {
				regex.append("[^/]+");
			}
		}
		return Pattern.compile(regex.append('$').toString());
	}

	private static String abbreviate(String text) {
		return (text.length() <= 600) ? text : text.substring(0, 600) + "…";
	}

	private record Operation(String method, String path, Pattern pattern, JsonNode node) {

		String name(String status) {
			return this.method + " " + this.path + " " + status;
		}

	}

	/** One request and its answer, as they went over the wire. */
	record Exchange(String method, String path, Map<String, String> requestHeaders, String requestBody, int status,
			Map<String, List<String>> responseHeaders, String responseBody) {

		Exchange {
			Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			headers.putAll(requestHeaders);
			requestHeaders = Collections.unmodifiableMap(headers);
		}

		@Nullable String requestContentType() {
			return this.requestHeaders.get("Content-Type");
		}

		@Nullable String responseContentType() {
			return responseHeader("Content-Type");
		}

		@Nullable String responseHeader(String name) {
			return this.responseHeaders.entrySet()
				.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase(name))
				.flatMap((header) -> header.getValue().stream())
				.findFirst()
				.orElse(null);
		}

		List<HttpCookie> setCookies() {
			return this.responseHeaders.entrySet()
				.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase("Set-Cookie"))
				.flatMap((header) -> header.getValue().stream())
				.flatMap((header) -> HttpCookie.parse(header).stream())
				.toList();
		}

	}

}
