package dev.latchkey.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security headers, for every response, written here and nowhere else. Spring
 * Security's header writers would miss the responses that never pass its chain (a body
 * {@link RequestBodyLimitFilter} refuses ahead of it, a path its firewall rejects, an
 * error Tomcat raises before any filter runs), so {@link #filter()} writes them before
 * anything else runs and {@link ProblemErrorReportValve} writes them on Tomcat's own
 * errors.
 */
public final class SecurityHeaders {

	/**
	 * Everything from this origin and nothing inline but styles: Swagger UI and ReDoc set
	 * style attributes, and ReDoc runs its search in a worker made from a blob. No page
	 * may frame us.
	 */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
			+ "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	/**
	 * One year, without subdomains: other services on sibling hosts may not speak HTTPS.
	 */
	public static final long HSTS_MAX_AGE_SECONDS = 31_536_000;

	private final boolean hsts;

	/**
	 * HSTS only when COOKIE_SECURE is on: Secure cookies mean the service is reached over
	 * HTTPS.
	 */
	public SecurityHeaders(CookieSettings cookies) {
		this.hsts = cookies.secure();
	}

	void writeTo(HttpServletResponse response) {
		setIfAbsent(response, "X-Content-Type-Options", "nosniff");
		setIfAbsent(response, "X-Frame-Options", "DENY");
		setIfAbsent(response, "Referrer-Policy", "no-referrer");
		setIfAbsent(response, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
		if (this.hsts) {
			setIfAbsent(response, "Strict-Transport-Security", "max-age=" + HSTS_MAX_AGE_SECONDS);
		}
	}

	OncePerRequestFilter filter() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				writeTo(response);
				chain.doFilter(request, response);
			}

		};
	}

	private static void setIfAbsent(HttpServletResponse response, String name, String value) {
		if (!response.containsHeader(name)) {
			response.setHeader(name, value);
		}
	}

}
