package dev.latchkey.auth;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.latchkey.auth.SignInResult.SignedIn;
import dev.latchkey.web.AuthCookies;

/**
 * A sign-in as an HTTP answer: the session cookies (and the device cookie a login earns)
 * and the Login body, never cached. Used by /auth/login, /auth/refresh and the endpoints
 * that complete a further step.
 */
@Component
public class SignInAnswers {

	private final AuthCookies cookies;

	SignInAnswers(AuthCookies cookies) {
		this.cookies = cookies;
	}

	public ResponseEntity<LoginResponse> signedIn(SignedIn signedIn) {
		return answer(signedIn, new HttpHeaders());
	}

	/**
	 * As {@link #signedIn}, also clearing the challenge cookie of the step it completed.
	 */
	public ResponseEntity<LoginResponse> stepCompleted(SignedIn signedIn) {
		return answer(signedIn, this.cookies.challengeCleared());
	}

	private ResponseEntity<LoginResponse> answer(SignedIn signedIn, HttpHeaders extra) {
		String access = signedIn.accessToken().value();
		String refresh = signedIn.refreshToken().value();
		String device = signedIn.deviceToken();
		HttpHeaders headers = (device != null) ? this.cookies.signedIn(access, refresh, device)
				: this.cookies.issued(access, refresh);
		headers.addAll(extra);
		return ResponseEntity.ok()
			.headers(headers)
			.cacheControl(CacheControl.noStore())
			.body(LoginResponse.of(signedIn));
	}

}
