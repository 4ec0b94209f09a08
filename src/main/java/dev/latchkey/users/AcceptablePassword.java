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
import jakarta.validation.constraints.NotNull;

import dev.latchkey.web.PlainText;

/**
 * What a new password is, wherever one is set (registration, change-password, and any
 * later reset): present, {@link PlainText plain text}, PASSWORD_MIN_LENGTH to 128
 * characters counted as Unicode code points, and not only whitespace. The one rule for
 * new passwords: put this annotation alone on the field, never with other constraints.
 * <p>
 * A password that is presented rather than set is checked by {@link PresentedPassword},
 * which accepts everything this rule ever accepted, so every password that could be set
 * can be used, also after PASSWORD_MIN_LENGTH is raised.
 * <p>
 * The validator is created by Spring, so it sees the configured minimum.
 */
@Documented
@NotNull
@PlainText
@Constraint(validatedBy = AcceptablePassword.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface AcceptablePassword {

	String message() default "has an unacceptable length";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<AcceptablePassword, String> {

		private final int minLength;

		Validator(PasswordSettings settings) {
			this.minLength = settings.minLength();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (value == null) {
				return true;
			}
			int length = value.codePointCount(0, value.length());
			if (length < this.minLength || length > PasswordSettings.MAX_LENGTH) {
				return refuse(context,
						"must be between " + this.minLength + " and " + PasswordSettings.MAX_LENGTH + " characters");
			}
			if (isOnlyWhitespace(value)) {
				return refuse(context, "must not be only whitespace");
			}
			return true;
		}

		/**
		 * Whether every character is whitespace or a space of any width (Unicode category
		 * Zs, such as U+00A0) or invisible (category Cf, such as U+200B).
		 */
		static boolean isOnlyWhitespace(String value) {
			return value.codePoints()
				.allMatch((c) -> Character.isWhitespace(c) || Character.isSpaceChar(c)
						|| Character.getType(c) == Character.FORMAT);
		}

		private static boolean refuse(ConstraintValidatorContext context, String message) {
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
			return false;
		}

	}

}
