package dev.latchkey.users;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.web.ApiDocs;

@RestController
@RequestMapping("/users")
@Tag(name = "users", description = "The signed-in user's account")
@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
class UsersController {

	@GetMapping("/me")
	@Operation(summary = "The current user")
	@ApiResponse(responseCode = "200", description = "The user the access_token cookie belongs to")
	UserResponse me(@AuthenticationPrincipal CurrentUser currentUser) {
		return currentUser.user();
	}

}
