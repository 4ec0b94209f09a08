package dev.latchkey.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The jar the build packaged, started as the Dockerfile starts it: a JVM of its own (the
 * one running the tests, so the toolchain's), the shipped jvm.options, Spring's
 * ahead-of-time code, and nothing but the environment variables a test gives it. Only for
 * tests run after {@code package} (failsafe's *IT classes), which name the jar and the
 * options file in the system properties {@code latchkey.jar} and
 * {@code latchkey.jvm-options}.
 */
public final class PackagedApplication implements AutoCloseable {

	private static final long STARTUP_SECONDS = 120;

	private final Process process;

	private final int port;

	private final List<String> output = new ArrayList<>();

	private final CompletableFuture<Void> started = new CompletableFuture<>();

	private PackagedApplication(Process process, int port) {
		this.process = process;
		this.port = port;
		Thread reader = new Thread(this::readOutput, "packaged-application-output");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts the jar with {@code -Dspring.aot.enabled=true} on a free port, with these
	 * environment variables besides PATH, HOME, LANG and TMPDIR, and an empty
	 * DOTENV_FILE; returns once it has logged that it started.
	 */
	public static PackagedApplication startAheadOfTime(Map<String, String> environment) throws Exception {
		Path jar = Path.of(requiredProperty("latchkey.jar"));
		Path options = Path.of(requiredProperty("latchkey.jvm-options"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: run the integration tests after package");
		}
		String java = ProcessHandle.current().info().command().orElseThrow();
		int port = FreePort.any();
		ProcessBuilder builder = new ProcessBuilder(java, "@" + options, "-Dspring.aot.enabled=true", "-jar",
				jar.toString())
			.redirectErrorStream(true);
		Map<String, String> variables = builder.environment();
		variables.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
		variables.put("DOTENV_FILE", "");
		variables.put("PORT", String.valueOf(port));
		variables.putAll(environment);
		PackagedApplication application = new PackagedApplication(builder.start(), port);
		try {
			application.started.get(STARTUP_SECONDS, TimeUnit.SECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			application.close();
			throw new IllegalStateException("The packaged application did not start:\n" + application.output(), ex);
		}
		return application;
	}

	public int port() {
		return this.port;
	}

	/** What it has written to stdout and stderr so far. */
	public String output() {
		synchronized (this.output) {
			return String.join("\n", this.output);
		}
	}

	/** Stops it as an orchestrator does (SIGTERM), and waits until it has exited. */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	private void readOutput() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				synchronized (this.output) {
					this.output.add(line);
				}
				if (line.contains("Started LatchkeyApplication")) {
					this.started.complete(null);
				}
			}
			this.started.completeExceptionally(new IllegalStateException("it exited before it started"));
		}
		catch (IOException ex) {
			this.started.completeExceptionally(new UncheckedIOException(ex));
		}
	}

	private static String requiredProperty(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(
					"The system property " + name + " is not set: see the failsafe plugin in pom.xml");
		}
		return value;
	}

}
