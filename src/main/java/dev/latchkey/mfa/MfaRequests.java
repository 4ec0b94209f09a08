package dev.latchkey.mfa;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The bodies and answers of the second-factor endpoints. */
final class MfaRequests {

	private MfaRequests() {
	}

	/** A TOTP code (six digits) or a recovery code. */
	record CodeRequest(@Schema(example = "123456") @NotBlank @Size(max = 32) String code) {

		@Override
		public String toString() {
			return "CodeRequest[]";
		}

	}

	/**
	 * @param totp whether TOTP is on
	 * @param passkeys how many passkeys the account has
	 * @param recoveryCodesLeft unused recovery codes
	 */
	record Status(boolean totp, int passkeys, int recoveryCodesLeft) {
	}

	/** The pending secret, for the app to scan (the URI as a QR code) or type. */
	record Enrolment(String secret, String otpauthUri) {

		@Override
		public String toString() {
			return "Enrolment[****]";
		}

	}

	record RecoveryCodesResponse(List<String> recoveryCodes) {

		@Override
		public String toString() {
			return "RecoveryCodesResponse[****]";
		}

	}

}
