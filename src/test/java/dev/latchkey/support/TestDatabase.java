package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

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
