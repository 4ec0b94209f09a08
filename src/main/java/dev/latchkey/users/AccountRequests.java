package dev.latchkey.users;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import dev.latchkey.config.LatchkeyProperties;
import dev.latchkey.web.PlainText;

/** The JSON bodies the /users/me endpoints accept. */
final class AccountRequests {

	private AccountRequests() {
	}

	/** PATCH /users/me: a blank or null full_name removes it. */
	record UpdateProfileRequest(@Schema(example = "Test User") @Size(max = 255) @PlainText @Nullable String fullName) {
	}

	// The current password's @Size is in UTF-16 units: 128 characters outside the BMP
	// have 256.
	record ChangePasswordRequest(
			@NotEmpty @Size(max = 2 * LatchkeyProperties.Passwords.MAX_LENGTH) @PlainText String currentPassword,
			@NotNull @AcceptablePassword @PlainText String newPassword) {

		@Override
		public String toString() {
			return "ChangePasswordRequest[]";
		}

	}

	record DeleteAccountRequest(
			@NotEmpty @Size(max = 2 * LatchkeyProperties.Passwords.MAX_LENGTH) @PlainText String password) {

		@Override
		public String toString() {
			return "DeleteAccountRequest[]";
		}

	}

	record PasswordChangedResponse(String message, int revokedSessions) {
	}

}
