package dev.latchkey.web;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.latchkey.failures.Failure;

/**
 * Cross-site request forgery defence without tokens, after Go's
 * {@code http.CrossOriginProtection}: a POST, PUT, PATCH or DELETE that a browser marks
 * as coming from another site is refused with 403 {@code cross_origin_request}, unless
 * its Origin is one of ALLOWED_ORIGINS. Browsers say where a request comes from in
 * {@code Sec-Fetch-Site} (or, before 2023, only in {@code Origin}); curl and other
 * non-browser clients send neither, so they pass unchanged.
 */
public class CrossOriginRequestFilter extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final Set<String> trustedOrigins;

	private final HandlerExceptionResolver exceptionResolver;

	private final ApplicationEventPublisher events;

	public CrossOriginRequestFilter(Collection<String> trustedOrigins, HandlerExceptionResolver exceptionResolver,
			ApplicationEventPublisher events) {
		this.trustedOrigins = Set.copyOf(trustedOrigins);
		this.exceptionResolver = exceptionResolver;
		this.events = events;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isCrossOrigin(request)) {
			this.events.publishEvent(new CrossOriginRequestRefused(request.getMethod(), request.getRequestURI(),
					request.getHeader(HttpHeaders.ORIGIN), request.getHeader("Sec-Fetch-Site")));
			this.exceptionResolver.resolveException(request, response, null, new CrossOriginRequest());
			return;
		}
		chain.doFilter(request, response);
	}

	boolean isCrossOrigin(HttpServletRequest request) {
		if (SAFE_METHODS.contains(request.getMethod())) {
			return false;
		}
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && this.trustedOrigins.contains(origin)) {
			return false;
		}
		String fetchSite = request.getHeader("Sec-Fetch-Site");
		if (fetchSite != null) {
			return !fetchSite.equals("same-origin") && !fetchSite.equals("none");
		}
		if (origin == null) {
			return false;
		}
		String originHost = hostOf(origin);
		return originHost == null || !originHost.equalsIgnoreCase(request.getHeader(HttpHeaders.HOST));
	}

	private static @Nullable String hostOf(String origin) {
		try {
			return URI.create(origin).getRawAuthority();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static final class CrossOriginRequest extends Failure {

		CrossOriginRequest() {
			super(Kind.FORBIDDEN, "cross_origin_request",
					"Cross-origin requests that change state are refused unless their origin is in ALLOWED_ORIGINS.");
		}

	}

}
