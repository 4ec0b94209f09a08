package dev.latchkey.users;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.users.AccountRequests.ChangePasswordRequest;
import dev.latchkey.users.AccountRequests.DeleteAccountRequest;
import dev.latchkey.users.AccountRequests.PasswordChangedResponse;
import dev.latchkey.users.AccountRequests.UpdateProfileRequest;
import dev.latchkey.web.ApiDocs;
import dev.latchkey.web.AuthCookies;

@RestController
@RequestMapping("/users")
@Tag(name = "users")
@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
class UsersController {

	private final UserService users;

	private final AuthCookies cookies;

	UsersController(UserService users, AuthCookies cookies) {
		this.users = users;
		this.cookies = cookies;
	}

	@GetMapping("/me")
	@Operation(summary = "The current user")
	@ApiResponse(responseCode = "200", description = "The user the access_token cookie belongs to")
	UserResponse me(@AuthenticationPrincipal CurrentUser currentUser) {
		return currentUser.user();
	}

	@PatchMapping("/me")
	@Operation(summary = "Change the full name")
	@ApiResponse(responseCode = "200", description = "The updated user")
	UserResponse update(@AuthenticationPrincipal CurrentUser currentUser,
			@Valid @RequestBody UpdateProfileRequest request) {
		return this.users.rename(currentUser.id(), request.fullName());
	}

	@PostMapping("/me/password")
	@Operation(summary = "Change the password",
			description = "Checks the current password, then signs out every other session; this one stays.")
	@ApiResponse(responseCode = "200", description = "Changed; `revoked_sessions` other sessions were ended")
	@ApiResponse(responseCode = "403", description = "`invalid_password`: the current password is wrong")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many wrong passwords in this session")
	PasswordChangedResponse changePassword(@AuthenticationPrincipal CurrentUser currentUser,
			@Valid @RequestBody ChangePasswordRequest request) {
		int revoked = this.users.changePassword(currentUser, request.currentPassword(), request.newPassword());
		return new PasswordChangedResponse("Password changed", revoked);
	}

	@DeleteMapping("/me")
	@Operation(summary = "Delete the account",
			description = "Checks the password, deletes the account and all " + "its sessions, and clears the cookies.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", description = "`invalid_password`: the password is wrong")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many wrong passwords in this session")
	ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser currentUser,
			@Valid @RequestBody DeleteAccountRequest request) {
		this.users.delete(currentUser, request.password());
		return ResponseEntity.noContent().headers(this.cookies.cleared()).cacheControl(CacheControl.noStore()).build();
	}

}
