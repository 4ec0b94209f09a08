package dev.latchkey;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.latchkey.database.DatabaseUrl;
import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.PackagedApplication;
import dev.latchkey.support.TestDatabase;
import dev.latchkey.support.TestMailServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar in Spring's ahead-of-time mode, as the Dockerfile runs it. That mode
 * fixes bean conditions when the jar is built, so these check that what Latchkey decides
 * from its environment (the database, where mails go) is still decided where it runs.
 */
class PackagedApplicationIT {

	@TempDir
	Path dataDir;

	@Test
	@DisplayName("with nothing configured it runs its ahead-of-time code on an embedded PostgreSQL and shows mails at /dev/mailbox")
	void zeroSetupModeAheadOfTime() throws Exception {
		try (PackagedApplication app = PackagedApplication
			.startAheadOfTime(Map.of("DATA_DIR", this.dataDir.toString(), "RATE_LIMITS_ENABLED", "false"))) {
			assertThat(app.output()).contains("Starting AOT-processed LatchkeyApplication")
				.contains("Zero-setup mode: DATABASE_URL is not set");
			ApiClient client = new ApiClient(app.port());
			String email = ApiClient.uniqueEmail();

			client.registerAndLogin(email, "packaged-app-password");

			assertThat(client.get("/users/me").json().path("email").asString()).isEqualTo(email);
			// The sender delivers after the commit, on its own thread: look until it has.
			ApiClient.Reply mailbox = client.getUntil("/dev/mailbox", (reply) -> reply.body().contains(email),
					Duration.ofSeconds(30));
			assertThat(mailbox.status()).isEqualTo(200);
			assertThat(mailbox.body()).contains(email);
			assertThat(this.dataDir.resolve("postgres").resolve("PG_VERSION")).isRegularFile();
		}
	}

	@Test
	@DisplayName("with DATABASE_URL and SMTP_HOST it uses that database, sends mails to that server and shows no mailbox")
	void configuredModeAheadOfTime() throws Exception {
		String databaseUrl = TestDatabase.ofItsOwn("packaged_application");
		try (TestMailServer mailServer = TestMailServer.ofItsOwn()) {
			Map<String, String> environment = new HashMap<>(mailServer.settings());
			environment.put("DATABASE_URL", databaseUrl);
			environment.put("SECRET_KEY", IntegrationTest.SECRET_KEY);
			environment.put("RATE_LIMITS_ENABLED", "false");
			try (PackagedApplication app = PackagedApplication.startAheadOfTime(environment)) {
				assertThat(app.output()).contains("Starting AOT-processed LatchkeyApplication")
					.doesNotContain("Zero-setup mode");
				ApiClient client = new ApiClient(app.port());
				String email = ApiClient.uniqueEmail();

				client.registerAndLogin(email, "packaged-app-password");

				assertThat(mailServer.awaitMailsTo(email, 1)).hasSize(1);
				assertThat(client.get("/dev/mailbox").status()).isEqualTo(404);
				assertThat(client.get("/users/me").json().path("email").asString()).isEqualTo(email);
				assertThat(usersWithEmail(databaseUrl, email)).as("the user is in DATABASE_URL's database")
					.isEqualTo(1);
			}
		}
	}

	private static int usersWithEmail(String databaseUrl, String email) throws Exception {
		DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
		try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
				PreparedStatement query = connection
					.prepareStatement("select count(*) from users where lower(email) = lower(?)")) {
			query.setString(1, email);
			try (ResultSet result = query.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

}
