package dev.latchkey.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSpecify's {@code @Nullable} becomes OpenAPI 3.1's null type whatever the property is:
 * the response records use it only on strings today, and the next one may not.
 */
class ApiModelResolverTest {

	private final Map<String, Schema> schemas = resolve(Outer.class);

	@Test
	void namesPropertiesInSnakeCase() {
		assertThat(json("Outer")).contains("\"plain_text\"").doesNotContain("plainText");
	}

	@Test
	void leavesAPropertyWithoutNullableAlone() {
		assertThat(property("Outer", "plain_text")).isEqualTo("{\"type\":\"string\"}");
		assertThat(property("Outer", "count")).isEqualTo("{\"type\":\"integer\",\"format\":\"int32\"}");
	}

	@Test
	void addsNullToTheTypeOfANullableValue() {
		assertThat(property("Outer", "note")).isEqualTo("{\"type\":[\"string\",\"null\"]}");
		assertThat(property("Outer", "maybe_count"))
			.isEqualTo("{\"type\":[\"integer\",\"null\"],\"format\":\"int32\"}");
		assertThat(property("Outer", "tags")).startsWith("{\"type\":[\"array\",\"null\"]");
	}

	@Test
	void addsNullToTheValuesOfANullableEnum() {
		assertThat(property("Outer", "colour")).isEqualTo("{\"type\":[\"string\",\"null\"],\"enum\":[\"RED\",null]}");
	}

	@Test
	void makesANullableReferenceOneOfItAndNull() {
		assertThat(property("Outer", "inner"))
			.isEqualTo("{\"anyOf\":[{\"$ref\":\"#/components/schemas/Inner\"},{\"type\":\"null\"}]}");
		assertThat(property("Inner", "value")).isEqualTo("{\"type\":[\"string\",\"null\"]}");
	}

	private String property(String schema, String property) {
		return Json31.pretty(this.schemas.get(schema).getProperties().get(property)).replaceAll("\\s", "");
	}

	private String json(String schema) {
		return Json31.pretty(this.schemas.get(schema));
	}

	private static Map<String, Schema> resolve(Class<?> type) {
		ModelConverters converters = new ModelConverters(true);
		converters.addConverter(new ApiModelResolver());
		return converters.readAll(type);
	}

	enum Colour {

		RED

	}

	record Inner(@Nullable String value) {
	}

	record Outer(String plainText, int count, @Nullable String note, @Nullable Integer maybeCount,
			@Nullable List<String> tags, @Nullable Colour colour, @Nullable Inner inner) {
	}

}
