package dev.latchkey.users;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The JSON bodies the /users/me endpoints accept. */
final class AccountRequests {

	private AccountRequests() {
	}

	/**
	 * PATCH /users/me: a blank or null full_name removes it. The name is trimmed before
	 * it is checked, as it is stored.
	 */
	record UpdateProfileRequest(
			@Schema(example = "Test User", maxLength = FullNames.MAX_LENGTH) @FullName @Nullable String fullName) {

		UpdateProfileRequest {
			fullName = FullNames.normalize(fullName);
		}

		/**
		 * Leaves the name out: Spring MVC logs bodies through toString() at DEBUG, and a
		 * name is free text (an email, for one).
		 */
		@Override
		public String toString() {
			return "UpdateProfileRequest[]";
		}

	}

	record ChangePasswordRequest(@PresentedPassword String currentPassword, @AcceptablePassword String newPassword) {

		@Override
		public String toString() {
			return "ChangePasswordRequest[]";
		}

	}

	record DeleteAccountRequest(@PresentedPassword String password) {

		@Override
		public String toString() {
			return "DeleteAccountRequest[]";
		}

	}

	record PasswordChangedResponse(String message, int revokedSessions) {
	}

}
