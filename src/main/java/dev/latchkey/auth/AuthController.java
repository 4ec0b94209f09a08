package dev.latchkey.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.WebUtils;

import dev.latchkey.ratelimit.RateLimit;
import dev.latchkey.ratelimit.RateLimiter;
import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.sessions.RefreshTokenRejected;
import dev.latchkey.users.CurrentUser;
import dev.latchkey.users.UserResponse;
import dev.latchkey.users.UserService;
import dev.latchkey.web.ApiDocs;
import dev.latchkey.web.AuthCookies;
import dev.latchkey.web.ClientAddressResolver;
import dev.latchkey.web.Problems;

@RestController
@RequestMapping("/auth")
@Tag(name = "auth")
class AuthController {

	private final AuthService auth;

	private final UserService users;

	private final AuthCookies cookies;

	private final ClientAddressResolver addresses;

	private final RateLimiter limiter;

	private final SignInAnswers answers;

	AuthController(AuthService auth, UserService users, AuthCookies cookies, ClientAddressResolver addresses,
			RateLimiter limiter, SignInAnswers answers) {
		this.auth = auth;
		this.answers = answers;
		this.users = users;
		this.cookies = cookies;
		this.addresses = addresses;
		this.limiter = limiter;
	}

	@PostMapping("/register")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create an account", description = "Does not sign in: call /auth/login next.")
	@ApiResponse(responseCode = "201", description = "The new user")
	@ApiResponse(responseCode = "409", description = "`email_taken`: an account with this email exists")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many registrations from this address")
	UserResponse register(@Valid @RequestBody RegisterRequest request, HttpServletRequest http) {
		String ip = this.addresses.resolve(http);
		this.limiter.consume(ip, RateLimiter.Subject.address(RateLimit.REGISTRATIONS_PER_ADDRESS, ip));
		return this.users.register(request.email(), request.password(), request.fullName());
	}

	@PostMapping("/login")
	@Operation(summary = "Sign in",
			description = "Sets the access_token and refresh_token cookies (HttpOnly). "
					+ "The body says when each expires, since a page cannot read the cookies. "
					+ "Also sets the device_token cookie (HttpOnly, path /auth/login): a device that signed in "
					+ "before is judged by its own failed attempts, so guesses from elsewhere never lock it out.")
	@ApiResponse(responseCode = "200", description = "Signed in; both cookies are set")
	@ApiResponse(responseCode = "401", description = "`invalid_credentials`: the email or the password is wrong")
	@ApiResponse(responseCode = "403", description = "`account_disabled`")
	@ApiResponse(responseCode = "429",
			description = "`rate_limited`: too many failed logins for this account from this address or device, "
					+ "for this account from everywhere, or too many logins from this address")
	@ApiResponse(responseCode = "503", description = "`server_busy`: too many logins at once; retry after Retry-After")
	ResponseEntity<?> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		SignInResult result = this.auth.login(request.email(), request.password(),
				cookie(http, AuthCookies.DEVICE_TOKEN), client(http));
		return this.answers.answer(result);
	}

	@PostMapping("/refresh")
	@SecurityRequirement(name = ApiDocs.REFRESH_COOKIE)
	@Operation(summary = "Exchange the refresh token for new tokens",
			description = "Rotates: the refresh_token cookie is spent and both cookies are replaced.")
	@ApiResponse(responseCode = "200", description = "Both cookies are replaced")
	@ApiResponse(responseCode = "401", description = "`refresh_token_missing`, `refresh_token_invalid`, "
			+ "`refresh_token_expired` or `refresh_token_reused` (the session has been ended); cookies are cleared")
	@ApiResponse(responseCode = "429", description = "`rate_limited`: too many refreshes of this session")
	ResponseEntity<LoginResponse> refresh(HttpServletRequest http) {
		return signedIn(this.auth.refresh(cookie(http, AuthCookies.REFRESH_TOKEN), client(http)));
	}

	@PostMapping("/logout")
	@SecurityRequirement(name = ApiDocs.REFRESH_COOKIE)
	@ApiDocs.CredentialsOptional
	@Operation(summary = "Sign out this device",
			description = "Ends the session of the refresh_token cookie and clears both cookies. Always succeeds.")
	@ApiResponse(responseCode = "200", description = "Signed out")
	ResponseEntity<MessageResponse> logout(HttpServletRequest http) {
		this.auth.logout(cookie(http, AuthCookies.REFRESH_TOKEN));
		return cleared(new MessageResponse("Successfully logged out"));
	}

	@PostMapping("/logout-all")
	@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
	@Operation(summary = "Sign out every device",
			description = "Ends every session of the user and clears the cookies.")
	@ApiResponse(responseCode = "200", description = "Signed out everywhere")
	ResponseEntity<LogoutAllResponse> logoutAll(@AuthenticationPrincipal CurrentUser currentUser) {
		int revoked = this.auth.logoutEverywhere(currentUser.id());
		return cleared(new LogoutAllResponse("Successfully logged out from all devices", revoked));
	}

	/**
	 * A refused refresh also clears the cookies, so the browser stops sending a dead
	 * token.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> refreshRejected(RefreshTokenRejected rejected) {
		return Problems.response(Problems.of(rejected), this.cookies.cleared());
	}

	/**
	 * A cookie exactly as it was sent. Not {@code @CookieValue}: that URL-decodes the
	 * value and fails with a 500 on a cookie such as {@code %%%}; tokens are URL-safe
	 * Base64 anyway.
	 */
	private static @Nullable String cookie(HttpServletRequest http, String name) {
		Cookie cookie = WebUtils.getCookie(http, name);
		return (cookie != null) ? cookie.getValue() : null;
	}

	/** The device behind the request, as its session records it. */
	private ClientInfo client(HttpServletRequest http) {
		return ClientInfo.of(http.getHeader(HttpHeaders.USER_AGENT), this.addresses.resolve(http));
	}

	private ResponseEntity<LoginResponse> signedIn(SignInResult.SignedIn signedIn) {
		return this.answers.signedIn(signedIn);
	}

	private <T> ResponseEntity<T> cleared(T body) {
		return ResponseEntity.ok().headers(this.cookies.cleared()).cacheControl(CacheControl.noStore()).body(body);
	}

}
