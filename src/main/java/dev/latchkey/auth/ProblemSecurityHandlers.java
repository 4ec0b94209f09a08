package dev.latchkey.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.latchkey.failures.Failure;
import dev.latchkey.tokens.AccessTokenRejected;

/**
 * Spring Security's 401 and 403, answered by the same exception handler as everything
 * else. A 401 carries the reason the access cookie was refused, when there was one.
 */
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final HandlerExceptionResolver exceptionResolver;

	ProblemSecurityHandlers(HandlerExceptionResolver exceptionResolver) {
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) {
		Failure problem = (request
			.getAttribute(AccessTokenAuthenticationFilter.REJECTION) instanceof AccessTokenRejected rejection)
					? rejection : new AccessTokenRejected.Missing();
		this.exceptionResolver.resolveException(request, response, null, problem);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) {
		this.exceptionResolver.resolveException(request, response, null, new Forbidden());
	}

	static final class Forbidden extends Failure {

		Forbidden() {
			super(Kind.FORBIDDEN, "forbidden", "You may not do this.");
		}

	}

}
