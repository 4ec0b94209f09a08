package dev.latchkey.web;

import org.jspecify.annotations.Nullable;

/**
 * An unsafe request that a browser sent for another site was refused. Every value is as
 * the request gave it, so whoever writes it down must escape it.
 */
public record CrossOriginRequestRefused(String method, String path, @Nullable String origin,
		@Nullable String fetchSite) {
}
