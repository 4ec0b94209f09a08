package dev.latchkey.web;

import java.util.List;
import java.util.Locale;

import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.RemoteIpValve;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.latchkey.config.InvalidConfiguration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	/**
	 * ReDoc, like Swagger UI at /docs, is a static page in the jar that reads
	 * /openapi.json.
	 */
	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/redoc").setViewName("forward:/redoc.html");
	}

	@Bean
	SecurityHeaders securityHeaders(CookieSettings cookies) {
		return new SecurityHeaders(cookies);
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(SecurityHeaders securityHeaders) {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				// Tomcat adds a valve of this class only when the host has none: this one
				// knows the headers.
				host.getPipeline().addValve(new ProblemErrorReportValve(securityHeaders));
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> securityHeadersFilter(SecurityHeaders securityHeaders) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				securityHeaders.filter());
		// First of all, so that responses written before Spring Security's chain has run
		// carry them too.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Forwarded headers are believed from TRUSTED_PROXIES, by {@link TrustedProxyFilter},
	 * and by nothing else: not by the RemoteIpValve that Spring Boot installs by itself
	 * on Kubernetes, Cloud Foundry, Heroku and other platforms it detects (which believes
	 * any private or loopback address), nor by the valve or the ForwardedHeaderFilter
	 * that other settings would install. application.yml sets the strategy to none; a
	 * setting that changes it stops startup, and a RemoteIpValve that turns up all the
	 * same is taken out.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> forwardedHeadersFromTrustedProxiesOnly(
			Environment environment) {
		Binder binder = Binder.get(environment);
		String strategy = binder.bind("server.forward-headers-strategy", String.class).orElse("");
		if (!strategy.strip().equalsIgnoreCase("none")) {
			throw new InvalidConfiguration("SERVER_FORWARD_HEADERS_STRATEGY must be none (it is '" + strategy
					+ "'): Latchkey believes X-Forwarded-* headers only from the proxies in TRUSTED_PROXIES.");
		}
		for (String header : List.of("remote-ip-header", "protocol-header")) {
			String name = "server.tomcat.remoteip." + header;
			if (StringUtils.hasText(binder.bind(name, String.class).orElse(""))) {
				throw new InvalidConfiguration(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
						+ " must not be set: Latchkey believes X-Forwarded-* headers only from the proxies in "
						+ "TRUSTED_PROXIES.");
			}
		}
		return new NoRemoteIpValve();
	}

	@Bean
	FilterRegistrationBean<TrustedProxyFilter> trustedProxyFilter(ClientAddressResolver addresses) {
		FilterRegistrationBean<TrustedProxyFilter> registration = new FilterRegistrationBean<>(
				new TrustedProxyFilter(addresses));
		// Right after the security headers (which only write the response), ahead of
		// everything that asks where a request comes from or which origin it is for:
		// Spring Security's chain with CORS and CrossOriginRequestFilter, the
		// controllers.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
			@Value("${latchkey.max-request-body:64KB}") DataSize limit,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(limit, exceptionResolver));
		// Ahead of Spring Security, so an oversized body is refused before any work is
		// done for it.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<WholeResponseFilter> wholeResponseFilter() {
		FilterRegistrationBean<WholeResponseFilter> registration = new FilterRegistrationBean<>(
				new WholeResponseFilter());
		// Outside everything that writes a response, Spring Security's header writer
		// included, whose flushes reach Tomcat through this filter.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * Runs after Spring Boot's own customizers, which are the ones that add the valve.
	 */
	static final class NoRemoteIpValve implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.setEngineValves(
					factory.getEngineValves().stream().filter((valve) -> !(valve instanceof RemoteIpValve)).toList());
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
