package dev.latchkey.ratelimit;

import java.time.Duration;
import java.util.Optional;

import dev.latchkey.failures.Failure;

/** A limit was reached; {@link #retryAfter()} says when the next attempt can succeed. */
public class RateLimited extends Failure {

	private final Duration retryAfter;

	RateLimited(RateLimit limit, Duration retryAfter) {
		super(Kind.RATE_LIMITED, "rate_limited", "Too many attempts (" + limit.label() + "); try again in "
				+ Math.max(1, retryAfter.toSeconds()) + " seconds.");
		this.retryAfter = retryAfter;
	}

	@Override
	public Optional<Duration> retryAfter() {
		return Optional.of(this.retryAfter);
	}

}
