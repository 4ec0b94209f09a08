package dev.latchkey.recovery;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The two pages that the links in mails open when FRONTEND_URL is Latchkey itself, so
 * that reset and verification work with no frontend at all. Static files under the same
 * Content-Security-Policy as everything else: no inline script.
 */
@Configuration(proxyBeanMethods = false)
class RecoveryPages implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/reset-password").setViewName("forward:/recovery/reset-password.html");
		registry.addViewController("/verify").setViewName("forward:/recovery/verify.html");
	}

}
