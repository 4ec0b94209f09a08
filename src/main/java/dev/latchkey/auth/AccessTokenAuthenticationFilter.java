package dev.latchkey.auth;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.latchkey.sessions.LiveSession;
import dev.latchkey.sessions.SessionService;
import dev.latchkey.tokens.AccessTokenRejected;
import dev.latchkey.tokens.AccessTokens;
import dev.latchkey.users.CurrentUser;
import dev.latchkey.web.AuthCookies;

/**
 * Reads the {@code access_token} cookie and, when it holds a valid token whose session is
 * still live, signs the request in as that user. A missing or bad token leaves the
 * request anonymous and records why ({@link #REJECTION}): endpoints that need a user
 * answer 401 with that reason, while the public ones (login, refresh) still work with a
 * stale cookie.
 */
class AccessTokenAuthenticationFilter extends OncePerRequestFilter {

	static final String REJECTION = AccessTokenAuthenticationFilter.class.getName() + ".rejection";

	private static final Logger logger = LoggerFactory.getLogger(AccessTokenAuthenticationFilter.class);

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final AccessTokens accessTokens;

	private final SessionService sessions;

	private final HandlerExceptionResolver exceptionResolver;

	AccessTokenAuthenticationFilter(AccessTokens accessTokens, SessionService sessions,
			HandlerExceptionResolver exceptionResolver) {
		this.accessTokens = accessTokens;
		this.sessions = sessions;
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = accessToken(request);
		if (token != null) {
			try {
				SecurityContext context = this.contexts.createEmptyContext();
				context.setAuthentication(authenticate(token));
				this.contexts.setContext(context);
			}
			catch (AccessTokenRejected rejection) {
				request.setAttribute(REJECTION, rejection);
				if (logger.isDebugEnabled()) {
					logger.debug("Access token refused: {}", (rejection instanceof AccessTokenRejected.Invalid invalid)
							? invalid.reason() : rejection.code());
				}
			}
			catch (DataAccessException | TransactionException ex) {
				this.exceptionResolver.resolveException(request, response, null, ex);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private AccessTokenAuthentication authenticate(String token) {
		AccessTokens.AccessTokenClaims claims = this.accessTokens.verify(token);
		LiveSession session = this.sessions.liveSession(claims.sessionId(), claims.userId())
			.orElseThrow(
					() -> new AccessTokenRejected.Invalid("its session has ended or its user is disabled or deleted"));
		return new AccessTokenAuthentication(new CurrentUser(session.user(), claims.sessionId()), session.factors());
	}

	private static @Nullable String accessToken(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (AuthCookies.ACCESS_TOKEN.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
				return cookie.getValue();
			}
		}
		return null;
	}

}
