package dev.latchkey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.database.DatabaseUrl;
import dev.latchkey.support.ApiClient;
import dev.latchkey.support.StartupRefusals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Zero-setup mode: the embedded PostgreSQL is closed to the other users of the machine (a
 * generated password, scram-sha-256 for every connection, loopback only) and keeps its
 * data through a crash (fsync on). A data directory left by an earlier Latchkey, open to
 * anyone, is closed at the next start with its data kept; one whose password is lost
 * stops startup with one sentence.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseProtectionTest {

	private static final List<String> VERBOSE_LOGGERS = List.of("dev.latchkey", "io.zonky", "com.zaxxer.hikari",
			"org.flywaydb", "org.postgresql");

	@TempDir
	Path dataDir;

	@Test
	@DisplayName("the embedded PostgreSQL refuses postgres without the password or with a wrong one; the password is in a 0600 file and never in the log")
	void asksEveryConnectionForThePassword(CapturedOutput output) throws Exception {
		ConfigurableApplicationContext app = start("--logging.level.dev.latchkey=debug",
				"--logging.level.io.zonky=debug", "--logging.level.com.zaxxer.hikari=debug",
				"--logging.level.org.flywaydb=debug", "--logging.level.org.postgresql=debug");
		try {
			String url = jdbcUrl(app);
			String loopback = "jdbc:postgresql://127.0.0.1:" + port(url) + "/postgres";
			for (String target : List.of(url, loopback)) {
				assertThat(catchThrowable(() -> connect(target, null).close())).as("no password on %s", target)
					.isInstanceOf(SQLException.class)
					.hasMessageContaining("password");
				SQLException wrongPassword = catchThrowableOfType(SQLException.class,
						() -> connect(target, "a-wrong-password-0123456789abcdefghijk").close());
				assertThat((wrongPassword != null) ? wrongPassword.getSQLState() : "connected")
					.as("a wrong password on %s", target)
					.isEqualTo("28P01");
			}

			Path passwordFile = this.dataDir.resolve("postgres_password");
			assertThat(passwordFile).isRegularFile();
			assertThat(Files.getPosixFilePermissions(passwordFile))
				.isEqualTo(PosixFilePermissions.fromString("rw-------"));
			String password = Files.readString(passwordFile).strip();
			assertThat(password).hasSizeGreaterThanOrEqualTo(32);
			try (Connection connection = connect(url, password)) {
				assertThat(show(connection, "password_encryption")).isEqualTo("scram-sha-256");
			}

			List<String> rules = hbaRules();
			assertThat(rules).isNotEmpty().allSatisfy((rule) -> assertThat(rule).endsWith(" scram-sha-256"));
			assertThat(rules).anySatisfy((rule) -> assertThat(rule).startsWith("local "))
				.anySatisfy((rule) -> assertThat(rule).startsWith("host "));

			ApiClient client = new ApiClient(port(app));
			client.registerAndLogin(ApiClient.uniqueEmail(), "protected-database-password");
			assertThat(client.get("/users/me").status()).isEqualTo(200);

			assertThat(output).contains(passwordFile.toString()).doesNotContain(password);
		}
		finally {
			app.close();
			LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
			VERBOSE_LOGGERS.forEach((logger) -> logging.setLogLevel(logger, null));
		}
	}

	@Test
	@DisplayName("the embedded PostgreSQL syncs to disk (fsync, full_page_writes, synchronous_commit) and listens on loopback only")
	void keepsItsDataThroughACrash() throws Exception {
		ConfigurableApplicationContext app = start();
		try (Connection connection = app.getBean(DataSource.class).getConnection()) {
			assertThat(show(connection, "fsync")).isEqualTo("on");
			assertThat(show(connection, "full_page_writes")).isEqualTo("on");
			assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
			assertThat(show(connection, "listen_addresses")).isEqualTo("localhost");
			assertThat(show(connection, "unix_socket_directories")).as("no Unix socket").isEmpty();
		}
		finally {
			app.close();
		}
	}

	@Test
	@DisplayName("a data directory an earlier Latchkey left open (trust, no password file) is closed at the next start, with its users")
	void closesADataDirectoryLeftOpenByAnEarlierVersionAndKeepsItsData(CapturedOutput output) throws Exception {
		String email = ApiClient.uniqueEmail();
		String password = "registered-before-the-upgrade";
		Path cluster = this.dataDir.resolve("postgres");
		Files.createDirectories(cluster);
		// As the earlier EmbeddedPostgresServer.start created and ran it.
		EmbeddedPostgres earlier = EmbeddedPostgres.builder()
			.setDataDirectory(cluster)
			.setCleanDataDirectory(false)
			.setServerConfig("listen_addresses", "localhost")
			.setServerConfig("synchronous_commit", "on")
			.start();
		try {
			String openUrl = earlier.getJdbcUrl("postgres", "postgres");
			connect(openUrl, null).close();
			ConfigurableApplicationContext before = new SpringApplicationBuilder(LatchkeyApplication.class).run(
					"--DATABASE_URL=" + openUrl, "--SECRET_KEY=upgrade-test-key-0123456789abcdef0123456789",
					"--DATA_DIR=" + this.dataDir, "--server.port=0", "--DOTENV_FILE=", "--spring.main.banner-mode=off");
			try {
				new ApiClient(port(before)).registerAndLogin(email, password);
			}
			finally {
				before.close();
			}
		}
		finally {
			earlier.close();
		}
		assertThat(this.dataDir.resolve("postgres_password")).doesNotExist();

		ConfigurableApplicationContext after = start();
		try {
			ApiClient client = new ApiClient(port(after));
			assertThat(client.post("/auth/login", Map.of("email", email, "password", password)).status())
				.as("the user registered before the upgrade")
				.isEqualTo(200);

			String url = jdbcUrl(after);
			assertThat(catchThrowable(() -> connect(url, null).close())).isInstanceOf(SQLException.class);
			String generated = Files.readString(this.dataDir.resolve("postgres_password")).strip();
			try (Connection connection = connect(url, generated)) {
				assertThat(show(connection, "fsync")).isEqualTo("on");
			}
			assertThat(hbaRules()).allSatisfy((rule) -> assertThat(rule).endsWith(" scram-sha-256"));
			assertThat(output).contains("accepted connections without a password").doesNotContain(generated);
		}
		finally {
			after.close();
		}
	}

	@Test
	@DisplayName("without its password file a closed data directory stops startup with one sentence, and deleting pg_hba.conf sets a new password")
	void refusesToStartWhenThePasswordFileIsMissing() throws Exception {
		String email = ApiClient.uniqueEmail();
		String password = "registered-before-the-loss";
		ConfigurableApplicationContext first = start();
		try {
			new ApiClient(port(first)).registerAndLogin(email, password);
		}
		finally {
			first.close();
		}
		Path passwordFile = this.dataDir.resolve("postgres_password");
		String lost = Files.readString(passwordFile).strip();
		Files.delete(passwordFile);

		InvalidConfiguration refusal = refusalOfStart();

		assertThat(refusal).hasMessageContaining(passwordFile.toString())
			.hasMessageContaining("missing")
			.hasMessageContaining("pg_hba.conf");
		assertThat(this.dataDir.resolve("postgres").resolve("postmaster.pid")).as("no server left running")
			.doesNotExist();
		assertThat(passwordFile).as("no password made up for a closed database").doesNotExist();

		Files.delete(this.dataDir.resolve("postgres").resolve("pg_hba.conf"));
		ConfigurableApplicationContext recovered = start();
		try {
			assertThat(new ApiClient(port(recovered)).post("/auth/login", Map.of("email", email, "password", password))
				.status()).isEqualTo(200);
			assertThat(Files.readString(passwordFile).strip()).isNotEqualTo(lost);
			assertThat(catchThrowable(() -> connect(jdbcUrl(recovered), lost).close()))
				.isInstanceOf(SQLException.class);
		}
		finally {
			recovered.close();
		}
	}

	@Test
	@DisplayName("a password file that does not open the data directory stops startup with one sentence, without starting the server")
	void refusesToStartWithAPasswordThatDoesNotOpenTheDatabase(CapturedOutput output) throws Exception {
		start().close();
		Path passwordFile = this.dataDir.resolve("postgres_password");
		String right = Files.readString(passwordFile);
		String wrong = "another-password-0123456789abcdefghijklmnopq";
		Files.writeString(passwordFile, wrong + "\n");

		InvalidConfiguration refusal = refusalOfStart();

		assertThat(refusal).hasMessageContaining(passwordFile.toString())
			.hasMessageContaining("does not open")
			.hasMessageContaining("pg_hba.conf");
		assertThat(this.dataDir.resolve("postgres").resolve("postmaster.pid")).as("no server left running")
			.doesNotExist();
		assertThat(output).doesNotContain(wrong).doesNotContain(right.strip());

		Files.writeString(passwordFile, right);
		start().close();
	}

	@Test
	@DisplayName("a start refused for another setting stops the embedded PostgreSQL, which starts before the settings are checked")
	void stopsTheEmbeddedServerWhenStartupFailsOnAnotherSetting() {
		InvalidConfiguration refusal = StartupRefusals.refusalOf(() -> start("--ALGORITHM=RS256"));

		assertThat(refusal).hasMessageContaining("ALGORITHM");
		assertThat(this.dataDir.resolve("postgres").resolve("PG_VERSION")).as("the server had been started")
			.isRegularFile();
		assertThat(this.dataDir.resolve("postgres").resolve("postmaster.pid")).as("no server left running")
			.doesNotExist();
	}

	private ConfigurableApplicationContext start(String... extra) {
		List<String> arguments = new ArrayList<>(List.of("--DATABASE_URL=", "--SECRET_KEY=",
				"--DATA_DIR=" + this.dataDir, "--server.port=0", "--DOTENV_FILE=", "--spring.main.banner-mode=off"));
		arguments.addAll(List.of(extra));
		return new SpringApplicationBuilder(LatchkeyApplication.class).run(arguments.toArray(String[]::new));
	}

	private InvalidConfiguration refusalOfStart() {
		return StartupRefusals.refusalOf(this::start);
	}

	private List<String> hbaRules() throws Exception {
		return Files.readAllLines(this.dataDir.resolve("postgres").resolve("pg_hba.conf"))
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.map((line) -> line.replaceAll("\\s+", " "))
			.toList();
	}

	private static String jdbcUrl(ConfigurableApplicationContext app) {
		return app.getBean(DatabaseUrl.class).jdbcUrl();
	}

	private static Connection connect(String jdbcUrl, @Nullable String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "postgres");
		properties.setProperty("connectTimeout", "5");
		if (password != null) {
			properties.setProperty("password", password);
		}
		return DriverManager.getConnection(jdbcUrl, properties);
	}

	private static String show(Connection connection, String setting) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW " + setting)) {
			result.next();
			return result.getString(1);
		}
	}

	private static int port(String jdbcUrl) {
		Matcher port = Pattern.compile("//[^/:]+:(\\d+)/").matcher(jdbcUrl);
		assertThat(port.find()).as(jdbcUrl).isTrue();
		return Integer.parseInt(port.group(1));
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
	}

}
