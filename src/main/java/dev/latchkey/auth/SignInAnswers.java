package dev.latchkey.auth;

import java.time.Clock;
import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.latchkey.auth.SignInResult.SignedIn;
import dev.latchkey.auth.SignInResult.StepRequired;
import dev.latchkey.web.AuthCookies;

/**
 * A sign-in as an HTTP answer: the session cookies (and the device cookie a login earns)
 * and the Login body, never cached; or the challenge cookie and body of a further step.
 * Used by /auth/login, /auth/refresh, passkey sign-in and the endpoints that complete a
 * further step.
 */
@Component
public class SignInAnswers {

	private final AuthCookies cookies;

	private final Clock clock;

	SignInAnswers(AuthCookies cookies, Clock clock) {
		this.cookies = cookies;
		this.clock = clock;
	}

	/** A session, or the further step that stands before one. */
	public ResponseEntity<?> answer(SignInResult result) {
		return switch (result) {
			case SignedIn signedIn -> signedIn(signedIn);
			case StepRequired step -> stepRequired(step);
		};
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

	/**
	 * No session yet: the challenge goes into its HttpOnly cookie, sent only to the
	 * endpoints that complete the step, and the body says what can complete it.
	 */
	private ResponseEntity<StepRequiredResponse> stepRequired(StepRequired step) {
		// Whole seconds, rounded up: the cookie may outlive the challenge by a moment,
		// never die before it.
		Duration maxAge = Duration
			.ofSeconds(Math.max(0, (Duration.between(this.clock.instant(), step.expiresAt()).toMillis() + 999) / 1000));
		return ResponseEntity.ok()
			.headers(this.cookies.challenge(step.challenge(), maxAge))
			.cacheControl(CacheControl.noStore())
			.body(new StepRequiredResponse(true, step.methods(), step.expiresAt()));
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
