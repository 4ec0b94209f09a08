package dev.latchkey.auth;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.failures.Failure;
import dev.latchkey.sessions.RevocationReason;
import dev.latchkey.sessions.SessionResponse;
import dev.latchkey.sessions.SessionService;
import dev.latchkey.users.CurrentUser;
import dev.latchkey.web.ApiDocs;
import dev.latchkey.web.AuthCookies;

@RestController
@RequestMapping("/auth/sessions")
@Tag(name = "sessions")
@SecurityRequirement(name = ApiDocs.ACCESS_COOKIE)
class SessionsController {

	private final SessionService sessions;

	private final AuthCookies cookies;

	SessionsController(SessionService sessions, AuthCookies cookies) {
		this.sessions = sessions;
		this.cookies = cookies;
	}

	@GetMapping
	@Operation(summary = "The user's live sessions, one per device, most recently used first")
	@ApiResponse(responseCode = "200", description = "`current` marks the session of this request")
	List<SessionResponse> list(@AuthenticationPrincipal CurrentUser currentUser) {
		return this.sessions.listLive(currentUser.id(), currentUser.sessionId());
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Sign out one device",
			description = "Its access tokens are refused at once. Ending the current session also clears the cookies.")
	@ApiResponse(responseCode = "204", description = "The session has ended")
	@ApiResponse(responseCode = "404", description = "`session_not_found`: no live session of yours has this id")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal CurrentUser currentUser, @PathVariable String id) {
		UUID sessionId = parse(id);
		if (!this.sessions.revoke(currentUser.id(), sessionId, RevocationReason.SIGNED_OUT_REMOTELY)) {
			throw new SessionNotFound();
		}
		HttpHeaders headers = sessionId.equals(currentUser.sessionId()) ? this.cookies.cleared() : HttpHeaders.EMPTY;
		return ResponseEntity.noContent().headers(headers).cacheControl(CacheControl.noStore()).build();
	}

	private static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new SessionNotFound();
		}
	}

	/** Another user's session is answered exactly like one that does not exist. */
	static final class SessionNotFound extends Failure {

		SessionNotFound() {
			super(Kind.NOT_FOUND, "session_not_found", "You have no live session with this id.");
		}

	}

}
