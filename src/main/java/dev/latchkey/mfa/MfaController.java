package dev.latchkey.mfa;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.WebUtils;

import dev.latchkey.auth.LoginResponse;
import dev.latchkey.auth.SignInAnswers;
import dev.latchkey.mfa.MfaFailures.ChallengeInvalid;
import dev.latchkey.mfa.MfaRequests.CodeRequest;
import dev.latchkey.mfa.MfaRequests.Enrolment;
import dev.latchkey.mfa.MfaRequests.RecoveryCodesResponse;
import dev.latchkey.mfa.MfaRequests.Status;
import dev.latchkey.mfa.PasskeyRequests.AssertionRequest;
import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.users.CurrentUser;
import dev.latchkey.web.ApiDocs;
import dev.latchkey.web.AuthCookies;
import dev.latchkey.web.ClientAddressResolver;

@RestController
@Tag(name = "mfa")
class MfaController {

	private final MfaService mfa;

	private final SignInAnswers answers;

	private final RelyingParty relyingParty;

	private final ClientAddressResolver addresses;

	MfaController(MfaService mfa, SignInAnswers answers, RelyingParty relyingParty, ClientAddressResolver addresses) {
		this.mfa = mfa;
		this.answers = answers;
		this.relyingParty = relyingParty;
		this.addresses = addresses;
	}

	@GetMapping("/users/me/mfa")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "The account's second factors")
	@ApiResponse(responseCode = "200", description = "Whether TOTP is on, the passkeys, the recovery codes left")
	Status status(@AuthenticationPrincipal CurrentUser user) {
		return this.mfa.status(user.id());
	}

	@PostMapping("/users/me/mfa/totp")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Start setting up an authenticator app",
			description = "Answers a new secret, pending until POST /users/me/mfa/totp/confirm; "
					+ "a second call replaces a pending one.")
	@ApiResponse(responseCode = "200", description = "The secret and its otpauth:// URI, for a QR code")
	@ApiResponse(responseCode = "403",
			description = "`recent_sign_in_required`: the session signed in more than "
					+ "STEP_UP_MAX_AGE_MINUTES ago; `step_up_required`")
	@ApiResponse(responseCode = "409", description = "`totp_already_enabled`")
	ResponseEntity<Enrolment> startTotp(@AuthenticationPrincipal CurrentUser user) {
		return noStore(this.mfa.startTotp(user));
	}

	@PostMapping("/users/me/mfa/totp/confirm")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Turn TOTP on with a first code",
			description = "Answers ten recovery codes, shown this once: each signs in once in place of a code.")
	@ApiResponse(responseCode = "200", description = "TOTP is on; the recovery codes")
	@ApiResponse(responseCode = "400", description = "`mfa_code_invalid`")
	@ApiResponse(responseCode = "403",
			description = "`recent_sign_in_required`: the session signed in more than " + "STEP_UP_MAX_AGE_MINUTES ago")
	@ApiResponse(responseCode = "409", description = "`totp_already_enabled`")
	ResponseEntity<RecoveryCodesResponse> confirmTotp(@AuthenticationPrincipal CurrentUser user,
			@Valid @RequestBody CodeRequest request) {
		return noStore(new RecoveryCodesResponse(this.mfa.confirmTotp(user, request.code())));
	}

	@DeleteMapping("/users/me/mfa/totp")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Turn TOTP off",
			description = "Its recovery codes go with it, unless the account has passkeys.")
	@ApiResponse(responseCode = "204", description = "Off")
	@ApiResponse(responseCode = "403", description = "`step_up_required`")
	@ApiResponse(responseCode = "404", description = "`totp_not_enabled`")
	ResponseEntity<Void> disableTotp(@AuthenticationPrincipal CurrentUser user) {
		this.mfa.disableTotp(user);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/users/me/mfa/recovery-codes")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "New recovery codes", description = "The old ones stop working.")
	@ApiResponse(responseCode = "200", description = "Ten new codes, shown this once")
	@ApiResponse(responseCode = "403", description = "`step_up_required`")
	@ApiResponse(responseCode = "404", description = "`mfa_not_enabled`: the account has no second factor")
	ResponseEntity<RecoveryCodesResponse> regenerate(@AuthenticationPrincipal CurrentUser user) {
		return noStore(new RecoveryCodesResponse(this.mfa.regenerateRecoveryCodes(user)));
	}

	@PostMapping("/auth/mfa/verify")
	@Operation(summary = "Finish signing in with a second factor",
			description = "With the mfa_challenge cookie that /auth/login set: a TOTP code (each accepted once) "
					+ "or a recovery code (each works once). Five wrong codes end the challenge.")
	@ApiResponse(responseCode = "200", description = "Signed in: the Login body and both cookies")
	@ApiResponse(responseCode = "401", description = "`mfa_code_invalid` or `mfa_challenge_invalid`")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many failed sign-ins")
	ResponseEntity<LoginResponse> verify(@Valid @RequestBody CodeRequest request, HttpServletRequest http) {
		return this.answers.stepCompleted(this.mfa.verifySignIn(challenge(http), request.code(), client(http)));
	}

	@PostMapping("/auth/mfa/passkey/options")
	@Operation(summary = "Start finishing a sign-in with a passkey",
			description = "With the mfa_challenge cookie: PublicKeyCredentialRequestOptions as JSON for one of "
					+ "the account's passkeys. Its challenge lasts five minutes.")
	@ApiResponse(responseCode = "200", description = "The request options")
	@ApiResponse(responseCode = "401", description = "`mfa_challenge_invalid`")
	@ApiResponse(responseCode = "404", description = "`passkey_not_enabled`: the account has no passkey")
	ResponseEntity<Map<String, Object>> passkeyOptions(HttpServletRequest http) {
		return noStore(this.mfa.signInPasskeyOptions(challenge(http), this.relyingParty.of(http)));
	}

	@PostMapping("/auth/mfa/passkey")
	@Operation(summary = "Finish signing in with a passkey",
			description = "With the mfa_challenge cookie and what navigator.credentials.get() answered, as "
					+ "PublicKeyCredential.toJSON(). A refused passkey counts as a wrong code.")
	@ApiResponse(responseCode = "200", description = "Signed in: the Login body and both cookies")
	@ApiResponse(responseCode = "401", description = "`passkey_invalid` or `mfa_challenge_invalid`")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many failed sign-ins")
	ResponseEntity<LoginResponse> verifyPasskey(@Valid @RequestBody AssertionRequest request, HttpServletRequest http) {
		return this.answers.stepCompleted(this.mfa.verifySignInWithPasskey(challenge(http), request.credential(),
				this.relyingParty.of(http), client(http)));
	}

	@PostMapping("/auth/mfa/step-up")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Prove the second factor again for this session",
			description = "Sensitive changes then work for STEP_UP_MAX_AGE_MINUTES.")
	@ApiResponse(responseCode = "204", description = "Proved")
	@ApiResponse(responseCode = "400", description = "`mfa_code_invalid`")
	@ApiResponse(responseCode = "404", description = "`mfa_not_enabled`: the account has no second factor")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many wrong codes in this session")
	ResponseEntity<Void> stepUp(@AuthenticationPrincipal CurrentUser user, @Valid @RequestBody CodeRequest request) {
		this.mfa.stepUp(user, request.code());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/auth/mfa/step-up/passkey/options")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Start proving the second factor again with a passkey",
			description = "PublicKeyCredentialRequestOptions as JSON for one of the account's passkeys.")
	@ApiResponse(responseCode = "200", description = "The request options")
	@ApiResponse(responseCode = "404", description = "`passkey_not_enabled`: the account has no passkey")
	ResponseEntity<Map<String, Object>> stepUpPasskeyOptions(@AuthenticationPrincipal CurrentUser user,
			HttpServletRequest http) {
		return noStore(this.mfa.stepUpPasskeyOptions(user, this.relyingParty.of(http)));
	}

	@PostMapping("/auth/mfa/step-up/passkey")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Prove the second factor again with a passkey",
			description = "With what navigator.credentials.get() answered, as PublicKeyCredential.toJSON().")
	@ApiResponse(responseCode = "204", description = "Proved")
	@ApiResponse(responseCode = "400", description = "`passkey_invalid`")
	@ApiResponse(responseCode = "404", description = "`mfa_not_enabled`: the account has no second factor")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many refused proofs in this session")
	ResponseEntity<Void> stepUpWithPasskey(@AuthenticationPrincipal CurrentUser user,
			@Valid @RequestBody AssertionRequest request, HttpServletRequest http) {
		this.mfa.stepUpWithPasskey(user, request.credential(), this.relyingParty.of(http));
		return ResponseEntity.noContent().build();
	}

	private static String challenge(HttpServletRequest http) {
		Cookie challenge = WebUtils.getCookie(http, AuthCookies.MFA_CHALLENGE);
		if (challenge == null || challenge.getValue().isEmpty()) {
			throw new ChallengeInvalid();
		}
		return challenge.getValue();
	}

	private ClientInfo client(HttpServletRequest http) {
		return ClientInfo.of(http.getHeader(HttpHeaders.USER_AGENT), this.addresses.resolve(http));
	}

	/** Secrets, recovery codes and challenges are shown once: never cached. */
	private static <T> ResponseEntity<T> noStore(T body) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

}
