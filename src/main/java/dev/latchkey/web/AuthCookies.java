package dev.latchkey.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * Writes and clears the two HttpOnly session cookies, and writes the device cookie. The
 * refresh cookie has the path {@code /auth}, so browsers send it to the auth endpoints
 * only, and the device cookie the path {@code /auth/login}; clearing repeats each
 * cookie's path and domain, or the browser would keep the original.
 * <p>
 * How long the session cookies live is given by whoever defines this bean, because it is
 * the lifetime of the tokens they carry, which are not the web layer's to know.
 */
public class AuthCookies {

	public static final String ACCESS_TOKEN = "access_token";

	public static final String REFRESH_TOKEN = "refresh_token";

	/**
	 * Marks a device that signed in to an account before; it outlives sessions and
	 * logouts, which is its purpose.
	 */
	public static final String DEVICE_TOKEN = "device_token";

	/**
	 * Names a sign-in that waits for a further step (a second factor); sent only to the
	 * endpoints that complete it.
	 */
	public static final String MFA_CHALLENGE = "mfa_challenge";

	private static final String MFA_CHALLENGE_PATH = "/auth/mfa";

	private static final String DEVICE_PATH = "/auth/login";

	private static final Duration DEVICE_MAX_AGE = Duration.ofDays(365);

	private static final String ACCESS_PATH = "/";

	private static final String REFRESH_PATH = "/auth";

	private final CookieSettings settings;

	private final Duration accessMaxAge;

	private final Duration refreshMaxAge;

	/**
	 * @param settings the attributes every cookie gets
	 * @param accessMaxAge the Max-Age of the access-token cookie
	 * @param refreshMaxAge the Max-Age of the refresh-token cookie
	 */
	public AuthCookies(CookieSettings settings, Duration accessMaxAge, Duration refreshMaxAge) {
		this.settings = settings;
		this.accessMaxAge = accessMaxAge;
		this.refreshMaxAge = refreshMaxAge;
	}

	public HttpHeaders issued(String accessToken, String refreshToken) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.SET_COOKIE, cookie(ACCESS_TOKEN, accessToken, ACCESS_PATH, this.accessMaxAge));
		headers.add(HttpHeaders.SET_COOKIE, cookie(REFRESH_TOKEN, refreshToken, REFRESH_PATH, this.refreshMaxAge));
		return headers;
	}

	/** The session cookies of a login, and the device cookie it earned. */
	public HttpHeaders signedIn(String accessToken, String refreshToken, String deviceToken) {
		HttpHeaders headers = issued(accessToken, refreshToken);
		headers.add(HttpHeaders.SET_COOKIE, cookie(DEVICE_TOKEN, deviceToken, DEVICE_PATH, DEVICE_MAX_AGE));
		return headers;
	}

	/** The challenge of a sign-in that waits for a further step, for {@code maxAge}. */
	public HttpHeaders challenge(String challenge, Duration maxAge) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.SET_COOKIE, cookie(MFA_CHALLENGE, challenge, MFA_CHALLENGE_PATH, maxAge));
		return headers;
	}

	/** Ends the challenge cookie, once its step is done or can no longer be. */
	public HttpHeaders challengeCleared() {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.SET_COOKIE, cookie(MFA_CHALLENGE, "", MFA_CHALLENGE_PATH, Duration.ZERO));
		return headers;
	}

	public HttpHeaders cleared() {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.SET_COOKIE, cookie(ACCESS_TOKEN, "", ACCESS_PATH, Duration.ZERO));
		headers.add(HttpHeaders.SET_COOKIE, cookie(REFRESH_TOKEN, "", REFRESH_PATH, Duration.ZERO));
		return headers;
	}

	private String cookie(String name, String value, String path, Duration maxAge) {
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(name, value)
			.httpOnly(true)
			.secure(this.settings.secure())
			.sameSite(this.settings.sameSiteAttribute())
			.path(path)
			.maxAge(maxAge);
		if (!this.settings.domain().isEmpty()) {
			cookie.domain(this.settings.domain());
		}
		return cookie.build().toString();
	}

}
