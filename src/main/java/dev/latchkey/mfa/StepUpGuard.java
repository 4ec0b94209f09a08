package dev.latchkey.mfa;

import java.time.Clock;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.latchkey.auth.AccessTokenAuthentication;
import dev.latchkey.mfa.MfaFailures.StepUpRequired;

/**
 * For an account with a second factor, the sensitive changes need a session that proved
 * it within STEP_UP_MAX_AGE_MINUTES, else 403 {@code step_up_required}: a stolen access
 * cookie, or a session signed in long ago, cannot change the password or the email,
 * delete the account or take the factor away. Checked before the endpoint runs, so before
 * the password is.
 */
@Configuration(proxyBeanMethods = false)
class StepUpGuard implements WebMvcConfigurer, HandlerInterceptor {

	static final Set<String> SENSITIVE = Set.of("POST /users/me/password", "POST /users/me/email", "DELETE /users/me",
			"POST /users/me/mfa/totp", "DELETE /users/me/mfa/totp", "POST /users/me/mfa/recovery-codes");

	private final MfaService mfa;

	private final MfaSettings settings;

	private final Clock clock;

	StepUpGuard(MfaService mfa, MfaSettings settings, Clock clock) {
		this.mfa = mfa;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/users/me", "/users/me/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!SENSITIVE.contains(request.getMethod() + " " + request.getRequestURI())) {
			return true;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof AccessTokenAuthentication signedIn
				&& this.mfa.required(signedIn.getPrincipal().id())
				&& !signedIn.factors().secondFactorWithin(this.settings.stepUpMaxAge(), this.clock.instant())) {
			throw new StepUpRequired();
		}
		return true;
	}

}
