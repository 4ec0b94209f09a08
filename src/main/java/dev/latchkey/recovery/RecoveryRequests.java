package dev.latchkey.recovery;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.latchkey.users.AcceptablePassword;
import dev.latchkey.users.Emails;
import dev.latchkey.users.PresentedPassword;
import dev.latchkey.web.PlainText;

/** The bodies and answers of the recovery endpoints. */
final class RecoveryRequests {

	/** Longer than any token this service issues (44 characters), and bounded. */
	static final int MAX_TOKEN_LENGTH = 128;

	private RecoveryRequests() {
	}

	/** The body of POST /auth/forgot-password and POST /auth/request-verify-token. */
	record EmailRequest(@Schema(example = "test@example.com") @NotBlank @Email @Size(
			max = Emails.MAX_LENGTH) @PlainText String email) {

		EmailRequest {
			email = Emails.normalizeNullable(email);
		}

		@Override
		public String toString() {
			return "EmailRequest[]";
		}

	}

	/** The body of POST /auth/reset-password. */
	record ResetPasswordRequest(@NotBlank @Size(max = MAX_TOKEN_LENGTH) String token,
			@Schema(example = "newpassword123") @AcceptablePassword String password) {

		@Override
		public String toString() {
			return "ResetPasswordRequest[]";
		}

	}

	/** The body of POST /auth/verify. */
	record VerifyRequest(@NotBlank @Size(max = MAX_TOKEN_LENGTH) String token) {

		@Override
		public String toString() {
			return "VerifyRequest[]";
		}

	}

	/** The body of POST /users/me/email. */
	record ChangeEmailRequest(@Schema(example = "new-address@example.com") @NotBlank @Email @Size(
			max = Emails.MAX_LENGTH) @PlainText String newEmail, @PresentedPassword String password) {

		ChangeEmailRequest {
			newEmail = Emails.normalizeNullable(newEmail);
		}

		@Override
		public String toString() {
			return "ChangeEmailRequest[]";
		}

	}

	record AcceptedResponse(String message) {
	}

	record PasswordResetResponse(String message, int revokedSessions) {
	}

}
