package dev.latchkey.users;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import dev.latchkey.web.PlainText;

/**
 * What a password presented to prove who one is may be (the login password, the current
 * password of change-password, the password of delete-account): any non-empty
 * {@link PlainText plain text} up to the longest a new password can be, 128 characters
 * outside the BMP, which are 256 UTF-16 units (what {@code @Size} counts).
 * <p>
 * It deliberately checks neither PASSWORD_MIN_LENGTH nor whitespace: whether the password
 * is right is the hash's to say, and every password that {@link AcceptablePassword} ever
 * accepted, under any PASSWORD_MIN_LENGTH, passes here. The one rule for presented
 * passwords: put this annotation alone on the field.
 */
@Documented
@NotEmpty
@Size(max = 2 * PasswordSettings.MAX_LENGTH)
@PlainText
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface PresentedPassword {

	String message() default "is not a password";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
