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

/** The JSON bodies the /auth endpoints accept. Emails are trimmed before they are checked. */
final class AuthRequests {

	private AuthRequests() {
	}

	record Register(
			@Schema(example = "test@example.com") @NotBlank @Email @Size(max = Emails.MAX_LENGTH) @PlainText String email,
			@Schema(example = "testpassword123") @NotNull @AcceptablePassword @PlainText String password,
			@Schema(example = "Test User") @Size(max = 255) @PlainText @Nullable String fullName) {

		Register {
			email = Emails.trim(email);
		}

		@Override
		public String toString() {
			return "Register[email=" + this.email + "]";
		}

	}

	record Login(
			@Schema(example = "test@example.com") @NotBlank @Email @Size(max = Emails.MAX_LENGTH) @PlainText String email,
			@Schema(example = "testpassword123") @NotBlank @Size(max = 128) @PlainText String password) {

		Login {
			email = Emails.trim(email);
		}

		@Override
		public String toString() {
			return "Login[email=" + this.email + "]";
		}

	}

}
