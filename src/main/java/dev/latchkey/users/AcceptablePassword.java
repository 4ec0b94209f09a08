package dev.latchkey.users;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import dev.latchkey.config.LatchkeyProperties;

/**
 * A new password long enough for PASSWORD_MIN_LENGTH and at most 128 characters, counted
 * as Unicode code points. The validator is created by Spring, so it sees the configured
 * minimum.
 */
@Documented
@Constraint(validatedBy = AcceptablePassword.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface AcceptablePassword {

	String message() default "has an unacceptable length";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<AcceptablePassword, String> {

		private final int minLength;

		Validator(LatchkeyProperties properties) {
			this.minLength = properties.passwords().minLength();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (value == null) {
				return true;
			}
			int length = value.codePointCount(0, value.length());
			if (length >= this.minLength && length <= LatchkeyProperties.Passwords.MAX_LENGTH) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context
				.buildConstraintViolationWithTemplate("must be between " + this.minLength + " and "
						+ LatchkeyProperties.Passwords.MAX_LENGTH + " characters")
				.addConstraintViolation();
			return false;
		}

	}

}
