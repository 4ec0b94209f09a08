package dev.latchkey.database;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.latchkey.config.DatabaseSettings;

/**
 * The one DataSource: DATABASE_URL when it is set, otherwise an embedded PostgreSQL under
 * DATA_DIR, started early by {@link EmbeddedPostgresStartup}. Pool settings come from
 * {@code spring.datasource.hikari.*}.
 * <p>
 * The choice is made when the bean is created, not by a bean condition: an AOT-processed
 * build fixes its conditions when it is built, and DATABASE_URL is set where it runs.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseConfiguration.class);

	@Bean
	DatabaseUrl databaseUrl(DatabaseSettings database, ObjectProvider<StartingEmbeddedPostgres> embedded) {
		if (!database.embedded()) {
			return DatabaseUrl.parse(database.url());
		}
		EmbeddedPostgresServer server = embedded.getObject().await();
		logger.info(
				"Zero-setup mode: DATABASE_URL is not set, so Latchkey runs on an embedded PostgreSQL whose data "
						+ "lives in {} and survives restarts, with the password of its superuser postgres in {}. "
						+ "Set DATABASE_URL and SECRET_KEY to use your own PostgreSQL.",
				server.dataDirectory(), server.passwordFile());
		return server.url();
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

}
