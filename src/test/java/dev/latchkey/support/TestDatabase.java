package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.latchkey.database.DatabaseUrl;

/**
 * The one switch that decides which real PostgreSQL the tests use, decided once per test
 * run: TEST_DATABASE_URL when it is set, else a Testcontainers PostgreSQL when a Docker
 * engine answers, else the embedded PostgreSQL binaries. Never H2, never a mock.
 */
public final class TestDatabase {

	private static volatile String url;

	private TestDatabase() {
	}

	/** A DATABASE_URL for the test database, in any form Latchkey accepts. */
	public static synchronized String url() {
		if (url == null) {
			url = start();
		}
		return url;
	}

	/**
	 * A new connection to the test database, as an operator's psql would be: for what a
	 * test does by hand, outside any application.
	 */
	public static Connection connection() throws SQLException {
		DatabaseUrl shared = DatabaseUrl.parse(url());
		return DriverManager.getConnection(shared.jdbcUrl(), shared.username(), shared.password());
	}

	/**
	 * A DATABASE_URL for a new, empty database of this name on the same server, for a
	 * test whose instances must be the only ones reading a table (the outbox, which every
	 * other running test application also drains). Dropped first if an earlier run left
	 * it.
	 */
	public static String ofItsOwn(String name) {
		if (!name.matches("[a-z_]{1,40}")) {
			throw new IllegalArgumentException("not a plain database name: " + name);
		}
		DatabaseUrl shared = DatabaseUrl.parse(url());
		try (Connection connection = DriverManager.getConnection(shared.jdbcUrl(), shared.username(),
				shared.password()); Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name + " with (force)");
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the test database " + name, ex);
		}
		return url().replaceFirst("(//[^/?#]*/)[^?#]*", "$1" + name);
	}

	private static String start() {
		String configured = System.getenv("TEST_DATABASE_URL");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		if (dockerAnswers()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return "postgresql://" + container.getUsername() + ":" + container.getPassword() + "@" + container.getHost()
					+ ":" + container.getFirstMappedPort() + "/" + container.getDatabaseName();
		}
		try {
			Path directory = Files.createTempDirectory("latchkey-test-pg");
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(true)
				.setServerConfig("fsync", "off")
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// The JVM is exiting; the temporary directory goes with the machine's
					// cleanup.
				}
			}));
			return postgres.getJdbcUrl("postgres", "postgres");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL for the tests", ex);
		}
	}

	private static boolean dockerAnswers() {
		if ("false".equalsIgnoreCase(System.getenv("TESTCONTAINERS_ENABLED"))) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
