package dev.latchkey.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.latchkey.users.Emails;
import dev.latchkey.users.PresentedPassword;
import dev.latchkey.web.PlainText;

/**
 * The body of POST /auth/login. The email is normalised as registration stores it before
 * it is checked; the password is checked only for what any password could be.
 */
record LoginRequest(
		@Schema(example = "test@example.com") @NotBlank @Email @Size(max = Emails.MAX_LENGTH) @PlainText String email,
		@Schema(example = "testpassword123") @PresentedPassword String password) {

	LoginRequest {
		email = Emails.normalizeNullable(email);
	}

	/** Leaves every field out: Spring MVC logs bodies through toString() at DEBUG. */
	@Override
	public String toString() {
		return "LoginRequest[]";
	}

}
