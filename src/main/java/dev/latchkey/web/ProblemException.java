package dev.latchkey.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure the client must hear about, with its HTTP status and the stable {@code code}
 * that clients branch on. Subclasses are named after what happened ({@code EmailTaken},
 * {@code RefreshTokenReused}); {@link ApiExceptionHandler} turns every one into an
 * {@code application/problem+json} response. The message is the problem's {@code detail}
 * and is shown to clients, so it never holds a token, a password or a hash.
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	protected ProblemException(HttpStatus status, String code, String detail) {
		// No stack trace: these are answers, not bugs, and they are never logged as
		// errors.
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	/** Headers the answer carries besides the body, such as Retry-After. */
	public HttpHeaders headers() {
		return HttpHeaders.EMPTY;
	}

}
