package dev.latchkey.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.latchkey.config.LatchkeyProperties;
import dev.latchkey.users.Emails;
import dev.latchkey.web.PlainText;

/** The body of POST /auth/login. The email is trimmed before it is checked. */
record LoginRequest(
		@Schema(example = "test@example.com") @NotBlank @Email @Size(max = Emails.MAX_LENGTH) @PlainText String email,
		// In UTF-16 units, as @Size counts: a password of 128 characters outside the BMP
		// has 256.
		@Schema(example = "testpassword123") @NotBlank @Size(
				max = 2 * LatchkeyProperties.Passwords.MAX_LENGTH) @PlainText String password) {

	LoginRequest {
		email = Emails.trim(email);
	}

	@Override
	public String toString() {
		return "LoginRequest[email=" + this.email + "]";
	}

}
