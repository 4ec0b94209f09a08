package dev.latchkey.recovery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.recovery.RecoveryRequests.AcceptedResponse;
import dev.latchkey.recovery.RecoveryRequests.EmailRequest;
import dev.latchkey.recovery.RecoveryRequests.PasswordResetResponse;
import dev.latchkey.recovery.RecoveryRequests.ResetPasswordRequest;
import dev.latchkey.recovery.RecoveryRequests.VerifyRequest;
import dev.latchkey.users.UserResponse;
import dev.latchkey.web.ClientAddressResolver;

@RestController
@RequestMapping("/auth")
@Tag(name = "auth")
class RecoveryController {

	static final String RESET_REQUESTED = "If an account has this email, a link to reset its password is on its way.";

	static final String VERIFICATION_REQUESTED = "If an unverified account has this email, a verification link is on its way.";

	private final RecoveryService recovery;

	private final ClientAddressResolver addresses;

	RecoveryController(RecoveryService recovery, ClientAddressResolver addresses) {
		this.recovery = recovery;
		this.addresses = addresses;
	}

	@PostMapping("/forgot-password")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Ask for a password reset link",
			description = "Answers the same, in the same time, whether or not an account has this email. "
					+ "An active account gets a mail with a link valid for RESET_TOKEN_EXPIRE_MINUTES; "
					+ "a new link ends the earlier ones.")
	@ApiResponse(responseCode = "202", description = "Accepted, whether or not an account has this email")
	@ApiResponse(responseCode = "429",
			description = "`rate_limited`: too many mails asked for this email or from this address")
	AcceptedResponse forgotPassword(@Valid @RequestBody EmailRequest request, HttpServletRequest http) {
		this.recovery.requestPasswordReset(request.email(), this.addresses.resolve(http));
		return new AcceptedResponse(RESET_REQUESTED);
	}

	@PostMapping("/reset-password")
	@Operation(summary = "Set a new password with a reset token",
			description = "Uses the token up, sets the password, ends every session of the account "
					+ "and marks its email verified.")
	@ApiResponse(responseCode = "200", description = "Reset; `revoked_sessions` sessions were ended")
	@ApiResponse(responseCode = "400", description = "`reset_token_invalid` (unknown or used) or `reset_token_expired`")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many wrong tokens from this address")
	PasswordResetResponse resetPassword(@Valid @RequestBody ResetPasswordRequest request, HttpServletRequest http) {
		int revoked = this.recovery.resetPassword(request.token(), request.password(), this.addresses.resolve(http));
		return new PasswordResetResponse("Password has been reset", revoked);
	}

	@PostMapping("/request-verify-token")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Ask for a new verification link",
			description = "Answers the same, in the same time, whether or not an unverified account has this email.")
	@ApiResponse(responseCode = "202", description = "Accepted, whether or not an account has this email")
	@ApiResponse(responseCode = "429",
			description = "`rate_limited`: too many mails asked for this email or from this address")
	AcceptedResponse requestVerifyToken(@Valid @RequestBody EmailRequest request, HttpServletRequest http) {
		this.recovery.requestVerification(request.email(), this.addresses.resolve(http));
		return new AcceptedResponse(VERIFICATION_REQUESTED);
	}

	@PostMapping("/verify")
	@Operation(summary = "Prove the email with a verification token", description = "Uses the token up.")
	@ApiResponse(responseCode = "200", description = "The user, with `is_verified` true")
	@ApiResponse(responseCode = "400",
			description = "`verify_token_invalid` (unknown or used) or `verify_token_expired`")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many wrong tokens from this address")
	UserResponse verify(@Valid @RequestBody VerifyRequest request, HttpServletRequest http) {
		return this.recovery.verify(request.token(), this.addresses.resolve(http));
	}

}
