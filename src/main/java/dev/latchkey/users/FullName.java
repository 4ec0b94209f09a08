package dev.latchkey.users;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import dev.latchkey.web.MaxCharacters;
import dev.latchkey.web.PlainText;

/**
 * What a full name may be, wherever one is set: {@link PlainText plain text} of at most
 * 255 characters (the users.full_name column), counted in its stored form, so normalise
 * it with {@link FullNames#normalize} in the request record first.
 */
@Documented
@MaxCharacters(FullNames.MAX_LENGTH)
@PlainText
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface FullName {

	String message() default "is not a full name";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
