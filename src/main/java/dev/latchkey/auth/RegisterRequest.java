package dev.latchkey.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import dev.latchkey.users.AcceptablePassword;
import dev.latchkey.users.Emails;
import dev.latchkey.web.PlainText;

/** The body of POST /auth/register. The email is trimmed before it is checked. */
record RegisterRequest(
		@Schema(example = "test@example.com") @NotBlank @Email @Size(max = Emails.MAX_LENGTH) @PlainText String email,
		@Schema(example = "testpassword123") @NotNull @AcceptablePassword @PlainText String password,
		@Schema(example = "Test User") @Size(max = 255) @PlainText @Nullable String fullName) {

	RegisterRequest {
		email = Emails.trim(email);
	}

	@Override
	public String toString() {
		return "RegisterRequest[email=" + this.email + "]";
	}

}
