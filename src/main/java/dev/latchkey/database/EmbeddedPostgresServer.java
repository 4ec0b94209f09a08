package dev.latchkey.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath, with its data kept in
 * a directory that survives restarts: the zero-setup mode of
 * {@code ./mvnw spring-boot:run}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Starts PostgreSQL on a free loopback port, creating its cluster on first use.
	 * @param dataDirectory the cluster's directory; reused when it already holds one
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory) {
		try {
			Files.createDirectories(dataDirectory);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setServerConfig("listen_addresses", "localhost")
				.setServerConfig("synchronous_commit", "on")
				.start();
			return new EmbeddedPostgresServer(postgres, dataDirectory.toAbsolutePath());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, ex);
		}
	}

	public DatabaseUrl url() {
		return new DatabaseUrl(this.postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			logger.warn("Could not stop the embedded PostgreSQL cleanly: {}", ex.getMessage());
		}
	}

}
