package dev.latchkey.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text of at most {@link #value()} characters, counted as Unicode code points: what
 * PostgreSQL's {@code varchar(n)} counts in a UTF-8 database, so text that passes fits a
 * column of that length. ({@code @Size} counts UTF-16 units, which would refuse 255
 * characters outside the BMP that a {@code varchar(255)} holds.) Put it on the value as
 * it is stored: normalise in the request record's compact constructor first.
 */
@Documented
@Constraint(validatedBy = MaxCharacters.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface MaxCharacters {

	/** The most characters (Unicode code points) allowed. */
	int value();

	String message() default "must be at most {value} characters";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<MaxCharacters, String> {

		private int max;

		@Override
		public void initialize(MaxCharacters annotation) {
			this.max = annotation.value();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			// A UTF-16 length within the limit is a code point count within it too; only
			// longer strings need counting.
			return value == null || value.length() <= this.max || value.codePointCount(0, value.length()) <= this.max;
		}

	}

}
