package dev.latchkey.mfa;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.latchkey.auth.AccessTokenAuthentication;
import dev.latchkey.mfa.MfaFailures.RecentSignInRequired;
import dev.latchkey.mfa.MfaFailures.StepUpRequired;
import dev.latchkey.sessions.SignInFactors;

/**
 * For an account with a second factor, the sensitive changes need a session that proved
 * it within STEP_UP_MAX_AGE_MINUTES, else 403 {@code step_up_required}: a stolen access
 * cookie, or a session signed in long ago, cannot change the password or the email,
 * delete the account, take a factor away or add a passkey. Checked before the endpoint
 * runs, so before the password is.
 */
@Configuration(proxyBeanMethods = false)
class StepUpGuard implements WebMvcConfigurer, HandlerInterceptor {

	static final Set<String> SENSITIVE = Set.of("POST /users/me/password", "POST /users/me/email", "DELETE /users/me",
			"POST /users/me/mfa/totp", "DELETE /users/me/mfa/totp", "POST /users/me/mfa/recovery-codes",
			"POST /users/me/passkeys/options", "DELETE /users/me/passkeys/{id}");

	/**
	 * Setting up a factor for an account that has none: without a factor to step up with,
	 * the session must have signed in recently, so that an old stolen access cookie
	 * cannot put the attacker's authenticator on the account and lock its owner out.
	 */
	static final Set<String> ENROLMENT = Set.of("POST /users/me/mfa/totp", "POST /users/me/mfa/totp/confirm",
			"POST /users/me/passkeys/options", "POST /users/me/passkeys");

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
		// The mapping's pattern, such as /users/me/passkeys/{id}, not the path it matched
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String operation = request.getMethod() + " " + ((pattern != null) ? pattern : request.getRequestURI());
		if (!SENSITIVE.contains(operation) && !ENROLMENT.contains(operation)) {
			return true;
		}
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof AccessTokenAuthentication signedIn)) {
			return true;
		}
		SignInFactors factors = signedIn.factors();
		Instant now = this.clock.instant();
		if (this.mfa.required(signedIn.getPrincipal().id())) {
			if (SENSITIVE.contains(operation) && !factors.secondFactorWithin(this.settings.stepUpMaxAge(), now)) {
				throw new StepUpRequired();
			}
		}
		else if (ENROLMENT.contains(operation)
				&& factors.signedInAt().plus(this.settings.stepUpMaxAge()).isBefore(now)) {
			throw new RecentSignInRequired();
		}
		return true;
	}

}
