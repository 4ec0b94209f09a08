package dev.latchkey.database;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.latchkey.config.DatabaseSettings;

/**
 * The one DataSource: DATABASE_URL when it is set, otherwise an embedded PostgreSQL under
 * DATA_DIR, started early by {@link EmbeddedPostgresStartup}. Pool settings come from
 * {@code spring.datasource.hikari.*}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseConfiguration.class);

	// Stopped by StartingEmbeddedPostgres, which started it.
	@Bean(destroyMethod = "")
	@Conditional(NoDatabaseUrl.class)
	EmbeddedPostgresServer embeddedPostgresServer(StartingEmbeddedPostgres starting) {
		EmbeddedPostgresServer server = starting.await();
		logger.info(
				"Zero-setup mode: DATABASE_URL is not set, so Latchkey runs on an embedded PostgreSQL whose data "
						+ "lives in {} and survives restarts, with the password of its superuser postgres in {}. "
						+ "Set DATABASE_URL and SECRET_KEY to use your own PostgreSQL.",
				server.dataDirectory(), server.passwordFile());
		return server;
	}

	@Bean
	DatabaseUrl databaseUrl(DatabaseSettings database, ObjectProvider<EmbeddedPostgresServer> embedded) {
		return database.embedded() ? embedded.getObject().url() : DatabaseUrl.parse(database.url());
	}

	@Bean
	DedicatedConnections dedicatedConnections(DatabaseUrl url) {
		return new DedicatedConnections(url);
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(DatabaseUrl url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url.jdbcUrl());
		if (url.username() != null) {
			dataSource.setUsername(url.username());
		}
		if (url.password() != null) {
			dataSource.setPassword(url.password());
		}
		return dataSource;
	}

	static class NoDatabaseUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return context.getEnvironment().getProperty("latchkey.database.url", "").isBlank();
		}

	}

}
