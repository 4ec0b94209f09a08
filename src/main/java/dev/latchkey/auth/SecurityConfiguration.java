package dev.latchkey.auth;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.latchkey.sessions.SessionService;
import dev.latchkey.tokens.AccessTokens;
import dev.latchkey.web.CorsSettings;
import dev.latchkey.web.CrossOriginRequestFilter;
import dev.latchkey.web.ProblemCorsProcessor;

/**
 * Who may call what. The protected paths are listed here, so that any other path is
 * either a public endpoint or a 404 problem (not a 401 that hides a typo). A test checks
 * that every endpoint outside the public list refuses anonymous requests.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String[] PROTECTED_PATHS = { "/users/**", "/auth/logout-all", "/auth/sessions", "/auth/sessions/**",
			"/auth/mfa/step-up", "/auth/mfa/step-up/**" };

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, AccessTokens accessTokens, SessionService sessions,
			CorsConfigurationSource corsConfigurationSource, CorsSettings corsSettings,
			ApplicationEventPublisher events,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		List<String> allowedOrigins = corsSettings.allowedOrigins();
		ProblemSecurityHandlers problems = new ProblemSecurityHandlers(exceptionResolver);
		CorsFilter cors = new CorsFilter(corsConfigurationSource);
		cors.setCorsProcessor(new ProblemCorsProcessor());
		http
			// The template's clients (curl, existing frontends) send no CSRF token;
			// cross-site requests are refused by CrossOriginRequestFilter instead, with
			// SameSite cookies behind it.
			.csrf(AbstractHttpConfigurer::disable)
			.addFilterAfter(cors, HeaderWriterFilter.class)
			.addFilterAfter(new CrossOriginRequestFilter(allowedOrigins, exceptionResolver, events), CorsFilter.class)
			.sessionManagement((management) -> management.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.addFilterBefore(new AccessTokenAuthenticationFilter(accessTokens, sessions, exceptionResolver),
					AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.OPTIONS)
				.permitAll()
				.requestMatchers(PROTECTED_PATHS)
				.authenticated()
				.anyRequest()
				.permitAll())
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			// SecurityHeaders writes these five on every response, Spring Security's or
			// not; its writers would only repeat them. Cache-Control stays Spring
			// Security's.
			.headers((headers) -> headers.contentTypeOptions(HeadersConfigurer.ContentTypeOptionsConfig::disable)
				.frameOptions(HeadersConfigurer.FrameOptionsConfig::disable)
				.httpStrictTransportSecurity(HeadersConfigurer.HstsConfig::disable));
		return http.build();
	}

	/**
	 * No observations of Spring Security's own steps (each filter of the chain, the
	 * authorization decision): they would wrap every filter of every request, which cost
	 * a tenth of the CPU of a refresh under bench/run's load, for spans nobody reads
	 * here. Each request is still observed whole (http.server.requests on /metrics), and
	 * every security decision that matters is a counted event (SecurityEvents).
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** Browser frontends on ALLOWED_ORIGINS may call the API with cookies. */
	@Bean
	CorsConfigurationSource corsConfigurationSource(CorsSettings corsSettings) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(corsSettings.allowedOrigins());
		cors.setAllowCredentials(true);
		cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"));
		cors.setAllowedHeaders(List.of("Content-Type", "Accept", "X-Requested-With"));
		cors.setExposedHeaders(List.of("Retry-After"));
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

}
