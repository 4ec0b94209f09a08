package dev.latchkey.sessions;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.latchkey.database.DedicatedConnections;
import dev.latchkey.tokens.AccessTokenSettings;

/**
 * The session cache and the listener that keeps it honest, with their metrics: the
 * cache's {@code cache.*} meters (named {@code sessions}), whether it is trusted now
 * ({@code latchkey.session.cache.trusted}, 1 or 0) and the change notifications received
 * ({@code latchkey.session.cache.notifications}).
 */
@Configuration(proxyBeanMethods = false)
class SessionCacheConfiguration {

	/** Heartbeats that may go missing in a row before the cache is no longer trusted. */
	private static final int MISSED_HEARTBEATS = 3;

	@Bean
	SessionCache sessionCache(SessionSettings settings, AccessTokenSettings accessTokens, MeterRegistry meters) {
		SessionCache cache = new SessionCache(settings.cacheSize(), accessTokens.lifetime(),
				settings.cacheHeartbeat().multipliedBy(MISSED_HEARTBEATS), Ticker.systemTicker());
		if (cache.entries() != null) {
			CaffeineCacheMetrics.monitor(meters, cache.entries(), "sessions");
		}
		Gauge.builder("latchkey.session.cache.trusted", cache, (it) -> it.trusted() ? 1 : 0)
			.description("1 while the session cache may answer, 0 while every check asks the database")
			.register(meters);
		return cache;
	}

	@Bean
	SessionChangeListener sessionChangeListener(DedicatedConnections connections, SessionCache cache,
			SessionSettings settings, MeterRegistry meters) {
		SessionChangeListener listener = new SessionChangeListener(connections, cache, settings.cacheHeartbeat(),
				settings.cacheSize() > 0);
		FunctionCounter.builder("latchkey.session.cache.notifications", listener, SessionChangeListener::notifications)
			.description("Session and user changes received from PostgreSQL")
			.register(meters);
		FunctionCounter.builder("latchkey.session.cache.listens", listener, SessionChangeListener::listens)
			.description("Times the change channel was listened to: more than one means it reconnected")
			.register(meters);
		return listener;
	}

}
