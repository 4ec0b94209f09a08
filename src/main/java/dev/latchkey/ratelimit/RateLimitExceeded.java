package dev.latchkey.ratelimit;

import org.jspecify.annotations.Nullable;

/**
 * A request was refused because one of its limits was reached.
 *
 * @param limit the limit's {@link RateLimit#label() label}
 */
public record RateLimitExceeded(String limit, @Nullable String ip) {
}
