package dev.latchkey.web;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Describes request and response bodies as the application's Jackson writes and reads
 * them, which springdoc's own Jackson 2 mapper does not know: names in snake_case, and
 * {@code null} allowed wherever a record component or field is {@link Nullable}.
 * <p>
 * JSpecify's {@code @Nullable} annotates the type, not the declaration, so swagger-core
 * (which looks for a declaration annotation named Nullable) never sees it. Here every
 * record or bean resolved into a schema is read again, and each property whose component,
 * field, accessor or constructor parameter has a {@code @Nullable} type becomes nullable
 * in OpenAPI 3.1's way: {@code "null"} joins its {@code type} (and its {@code enum}), or
 * a property that is a {@code $ref} becomes {@code anyOf: [{$ref}, {type: null}]}. A new
 * nullable field is documented as nullable without anyone remembering to.
 */
class ApiModelResolver extends ModelResolver {

	private static final String NULL = "null";

	private static final String SCHEMAS = "#/components/schemas/";

	ApiModelResolver() {
		this(Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	private ApiModelResolver(ObjectMapper mapper) {
		super(mapper);
		openapi31(true);
	}

	@Override
	public Schema resolve(AnnotatedType annotatedType, ModelConverterContext context, Iterator<ModelConverter> next) {
		Schema<?> resolved = super.resolve(annotatedType, context, next);
		if (resolved != null && annotatedType.getType() != null) {
			Schema<?> model = modelOf(resolved, context);
			if (model != null && model.getProperties() != null && !model.getProperties().isEmpty()) {
				allowNulls(this._mapper.constructType(annotatedType.getType()), model);
			}
		}
		return resolved;
	}

	private static @Nullable Schema<?> modelOf(Schema<?> resolved, ModelConverterContext context) {
		String ref = resolved.get$ref();
		if (ref == null) {
			return resolved;
		}
		return ref.startsWith(SCHEMAS) ? context.getDefinedModels().get(ref.substring(SCHEMAS.length())) : null;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void allowNulls(JavaType type, Schema<?> model) {
		if (type.isContainerType() || type.isEnumType()) {
			return;
		}
		BeanDescription bean = this._mapper.getSerializationConfig().introspect(type);
		for (BeanPropertyDefinition property : bean.findProperties()) {
			Schema propertySchema = model.getProperties().get(property.getName());
			if (propertySchema != null && isNullable(property)) {
				model.getProperties().put(property.getName(), nullable(propertySchema));
			}
		}
	}

	private static boolean isNullable(BeanPropertyDefinition property) {
		for (AnnotatedMember member : new AnnotatedMember[] { property.getField(), property.getGetter(),
				property.getConstructorParameter() }) {
			AnnotatedElement type = (member != null) ? declaredTypeOf(member) : null;
			if (type != null && type.isAnnotationPresent(Nullable.class)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The type as declared, with its type annotations, which Jackson does not collect.
	 */
	private static @Nullable AnnotatedElement declaredTypeOf(AnnotatedMember member) {
		if (member instanceof AnnotatedField field) {
			return field.getAnnotated().getAnnotatedType();
		}
		if (member instanceof AnnotatedMethod method) {
			return method.getAnnotated().getAnnotatedReturnType();
		}
		if (member instanceof AnnotatedParameter parameter
				&& parameter.getOwner().getMember() instanceof Executable executable
				&& parameter.getIndex() < executable.getParameterCount()) {
			return executable.getParameters()[parameter.getIndex()].getAnnotatedType();
		}
		return null;
	}

	/** The same schema, also matching {@code null}. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static Schema nullable(Schema schema) {
		Set<String> types = new LinkedHashSet<>();
		if (schema.getTypes() != null) {
			types.addAll(schema.getTypes());
		}
		if (types.isEmpty() && schema.getType() != null) {
			types.add(schema.getType());
		}
		if (schema.get$ref() != null || types.isEmpty()) {
			// A $ref (or a composition) cannot take a sibling "null" type: null
			// becomes another alternative.
			boolean alreadyNullable = schema.getAnyOf() != null && ((List<Schema>) schema.getAnyOf()).stream()
				.anyMatch((alternative) -> alternative.getTypes() != null && alternative.getTypes().contains(NULL));
			if (alreadyNullable) {
				return schema;
			}
			return new JsonSchema().anyOf(List.of(schema, new JsonSchema().typesItem(NULL)));
		}
		types.add(NULL);
		schema.setTypes(types);
		if (schema.getEnum() != null && !schema.getEnum().contains(null)) {
			schema.addEnumItemObject(null);
		}
		return schema;
	}

}
