package dev.latchkey.database;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.beans.factory.DisposableBean;

/**
 * The embedded PostgreSQL while it starts on its own thread, and its owner afterwards: it
 * stops the server when the application context closes, or fails, whether or not the
 * DataSource got as far as using it.
 */
final class StartingEmbeddedPostgres implements DisposableBean {

	static final String BEAN_NAME = "startingEmbeddedPostgres";

	private final CompletableFuture<EmbeddedPostgresServer> server;

	private StartingEmbeddedPostgres(CompletableFuture<EmbeddedPostgresServer> server) {
		this.server = server;
	}

	/**
	 * Starts the server under {@code dataDir} in the background (see
	 * {@link EmbeddedPostgresServer#start}).
	 */
	static StartingEmbeddedPostgres begin(Path dataDir) {
		CompletableFuture<EmbeddedPostgresServer> server = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				server.complete(EmbeddedPostgresServer.start(dataDir.resolve("postgres"),
						dataDir.resolve("postgres_password")));
			}
			catch (Throwable ex) {
				server.completeExceptionally(ex);
			}
		}, "embedded-postgres-start");
		thread.setDaemon(true);
		thread.start();
		return new StartingEmbeddedPostgres(server);
	}

	/**
	 * The running server, once it is up.
	 * @throws RuntimeException what starting it threw, as it threw it: an
	 * {@code InvalidConfiguration} still reaches the failure analyzer as one
	 */
	EmbeddedPostgresServer await() {
		try {
			return this.server.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	@Override
	public void destroy() {
		EmbeddedPostgresServer running;
		try {
			running = this.server.join();
		}
		catch (CompletionException ex) {
			return; // it never started: nothing to stop
		}
		running.close();
	}

}
