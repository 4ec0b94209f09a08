package dev.latchkey.recovery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.recovery.RecoveryRequests.AcceptedResponse;
import dev.latchkey.recovery.RecoveryRequests.ChangeEmailRequest;
import dev.latchkey.users.CurrentUser;
import dev.latchkey.web.ApiDocs;
import dev.latchkey.web.ClientAddressResolver;

/**
 * POST /users/me/email: the account's address changes only when the new address proves
 * itself with the mailed link (POST /auth/verify), so a typo or someone else's address
 * never takes the account away from its owner.
 */
@RestController
@Tag(name = "users")
@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
class EmailChangeController {

	static final String CHANGE_REQUESTED = "A link to confirm the new email is on its way to it; "
			+ "until it is opened, the account keeps its current email.";

	private final RecoveryService recovery;

	private final ClientAddressResolver addresses;

	EmailChangeController(RecoveryService recovery, ClientAddressResolver addresses) {
		this.recovery = recovery;
		this.addresses = addresses;
	}

	@PostMapping("/users/me/email")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Change the email",
			description = "Checks the password, then mails a confirmation link to the new email "
					+ "(valid VERIFY_TOKEN_EXPIRE_HOURS) and a notice to the current one. The account "
					+ "moves to the new email when the link is posted to /auth/verify; a new request "
					+ "ends the earlier link.")
	@ApiResponse(responseCode = "202", description = "The confirmation is on its way; nothing has changed yet")
	@ApiResponse(responseCode = "403", description = "`invalid_password`: the password is wrong")
	@ApiResponse(responseCode = "409", description = "`email_taken`: an account has this email already")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many mails asked for this email, "
			+ "from this address, or wrong passwords in this session")
	AcceptedResponse changeEmail(@AuthenticationPrincipal CurrentUser currentUser,
			@Valid @RequestBody ChangeEmailRequest request, HttpServletRequest http) {
		this.recovery.requestEmailChange(currentUser, request.newEmail(), request.password(),
				this.addresses.resolve(http));
		return new AcceptedResponse(CHANGE_REQUESTED);
	}

}
