package dev.latchkey.ratelimit;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.latchkey.web.ProblemException;

/** 429: a limit was reached; Retry-After says when the next attempt can succeed. */
public class RateLimited extends ProblemException {

	private final long retryAfterSeconds;

	RateLimited(RateLimit limit, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many attempts (" + limit.label() + "); try again in "
				+ Math.max(1, retryAfter.toSeconds()) + " seconds.");
		this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		return headers;
	}

}
