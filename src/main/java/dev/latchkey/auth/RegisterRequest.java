package dev.latchkey.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import dev.latchkey.users.AcceptablePassword;
import dev.latchkey.users.Emails;
import dev.latchkey.users.FullName;
import dev.latchkey.users.FullNames;
import dev.latchkey.web.PlainText;

/**
 * The body of POST /auth/register. The email and the full name are normalised to their
 * stored form before they are checked, so whatever passes fits its column.
 */
record RegisterRequest(
		@Schema(example = "test@example.com") @NotBlank @Email @Size(max = Emails.MAX_LENGTH) @PlainText String email,
		@Schema(example = "testpassword123") @AcceptablePassword String password,
		@Schema(example = "Test User", maxLength = FullNames.MAX_LENGTH) @FullName @Nullable String fullName) {

	RegisterRequest {
		email = Emails.normalizeNullable(email);
		fullName = FullNames.normalize(fullName);
	}

	/** Leaves every field out: Spring MVC logs bodies through toString() at DEBUG. */
	@Override
	public String toString() {
		return "RegisterRequest[]";
	}

}
