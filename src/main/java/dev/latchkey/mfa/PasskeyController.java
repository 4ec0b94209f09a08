package dev.latchkey.mfa;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.auth.SignInAnswers;
import dev.latchkey.mfa.PasskeyRequests.AddedPasskey;
import dev.latchkey.mfa.PasskeyRequests.AssertionRequest;
import dev.latchkey.mfa.PasskeyRequests.PasskeyResponse;
import dev.latchkey.mfa.PasskeyRequests.RegistrationRequest;
import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.users.CurrentUser;
import dev.latchkey.web.ApiDocs;
import dev.latchkey.web.ClientAddressResolver;

@RestController
@Tag(name = "passkeys")
class PasskeyController {

	private final PasskeyService passkeys;

	private final RelyingParty relyingParty;

	private final SignInAnswers answers;

	private final ClientAddressResolver addresses;

	PasskeyController(PasskeyService passkeys, RelyingParty relyingParty, SignInAnswers answers,
			ClientAddressResolver addresses) {
		this.passkeys = passkeys;
		this.relyingParty = relyingParty;
		this.answers = answers;
		this.addresses = addresses;
	}

	@PostMapping("/users/me/passkeys/options")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Start adding a passkey",
			description = "Answers PublicKeyCredentialCreationOptions as JSON, for "
					+ "PublicKeyCredential.parseCreationOptionsFromJSON(); its challenge lasts five minutes.")
	@ApiResponse(responseCode = "200", description = "The creation options")
	@ApiResponse(responseCode = "403",
			description = "`step_up_required`; `recent_sign_in_required` for an account without a second factor "
					+ "that signed in more than STEP_UP_MAX_AGE_MINUTES ago")
	ResponseEntity<Map<String, Object>> registrationOptions(@AuthenticationPrincipal CurrentUser user,
			HttpServletRequest http) {
		return noStore(HttpStatus.OK, this.passkeys.registrationOptions(user, this.relyingParty.of(http)));
	}

	@PostMapping("/users/me/passkeys")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Add a passkey",
			description = "With what navigator.credentials.create() answered to the options, as "
					+ "PublicKeyCredential.toJSON(). The account's first second factor also answers ten recovery "
					+ "codes, shown this once.")
	@ApiResponse(responseCode = "201", description = "Added")
	@ApiResponse(responseCode = "400",
			description = "`passkey_invalid`: the credential does not answer "
					+ "options of this account, they have expired or were used, or it fails WebAuthn's checks")
	@ApiResponse(responseCode = "403", description = "`recent_sign_in_required`")
	@ApiResponse(responseCode = "409", description = "`passkey_already_registered`")
	ResponseEntity<AddedPasskey> register(@AuthenticationPrincipal CurrentUser user,
			@Valid @RequestBody RegistrationRequest request, HttpServletRequest http) {
		return noStore(HttpStatus.CREATED,
				this.passkeys.register(user, this.relyingParty.of(http), request.credential(), request.name()));
	}

	@GetMapping("/users/me/passkeys")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "The account's passkeys", description = "Oldest first.")
	@ApiResponse(responseCode = "200", description = "The passkeys")
	List<PasskeyResponse> list(@AuthenticationPrincipal CurrentUser user) {
		return this.passkeys.list(user.id());
	}

	@DeleteMapping("/users/me/passkeys/{id}")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Remove a passkey",
			description = "It no longer signs in. The account's last second factor takes its recovery codes "
					+ "with it. The authenticator keeps the key until its owner deletes it there.")
	@ApiResponse(responseCode = "204", description = "Removed")
	@ApiResponse(responseCode = "403", description = "`step_up_required`")
	@ApiResponse(responseCode = "404", description = "`passkey_not_found`: the account has no passkey by this id")
	ResponseEntity<Void> remove(@AuthenticationPrincipal CurrentUser user, @PathVariable String id) {
		this.passkeys.remove(user, id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/auth/passkey/options")
	@Operation(summary = "Start signing in with a passkey",
			description = "Answers PublicKeyCredentialRequestOptions as JSON, for "
					+ "PublicKeyCredential.parseRequestOptionsFromJSON(): any passkey of this site may answer, "
					+ "with user verification. Its challenge lasts five minutes.")
	@ApiResponse(responseCode = "200", description = "The request options")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many logins from this address")
	ResponseEntity<Map<String, Object>> signInOptions(HttpServletRequest http) {
		return noStore(HttpStatus.OK, this.passkeys.signInOptions(this.relyingParty.of(http), client(http)));
	}

	@PostMapping("/auth/passkey/login")
	@Operation(summary = "Sign in with a passkey",
			description = "With what navigator.credentials.get() answered to the options, as "
					+ "PublicKeyCredential.toJSON(). Answers as /auth/login: the Login body and the session "
					+ "cookies, or a further step (a verified email) when one is required.")
	@ApiResponse(responseCode = "200", description = "Signed in; both cookies are set")
	@ApiResponse(responseCode = "401",
			description = "`passkey_invalid`: the answer does not match options of this site, they have expired or "
					+ "were used, the passkey is not registered, its authenticator did not verify the user, or "
					+ "its signature counter went backwards")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many failed logins from this address")
	ResponseEntity<?> signIn(@Valid @RequestBody AssertionRequest request, HttpServletRequest http) {
		return this.answers
			.answer(this.passkeys.signIn(this.relyingParty.of(http), request.credential(), client(http)));
	}

	private ClientInfo client(HttpServletRequest http) {
		return ClientInfo.of(http.getHeader(HttpHeaders.USER_AGENT), this.addresses.resolve(http));
	}

	/** Options carry a challenge and recovery codes are shown once: never cached. */
	private static <T> ResponseEntity<T> noStore(HttpStatus status, T body) {
		return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(body);
	}

}
