package dev.latchkey;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.latchkey.support.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With nothing configured, the application serves the whole API on an embedded, real
 * PostgreSQL kept under DATA_DIR, with a generated key kept beside it, and both survive a
 * restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZeroSetupStartupTest {

	@TempDir
	Path dataDir;

	@Test
	@DisplayName("without DATABASE_URL or SECRET_KEY it starts on an embedded PostgreSQL, and users and sessions survive a restart")
	void startsWithNothingConfiguredAndKeepsItsDataAcrossRestarts(CapturedOutput output) throws Exception {
		String email = ApiClient.uniqueEmail();
		String password = "zero-setup-password";
		String accessToken;
		String refreshToken;

		ConfigurableApplicationContext first = start();
		try {
			ApiClient client = new ApiClient(port(first));

			ApiClient.Reply health = client.get("/health");
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.json().path("status").asString()).isEqualTo("UP");

			client.registerAndLogin(email, password);
			assertThat(client.get("/users/me").json().path("email").asString()).isEqualTo(email);
			assertTheMailboxShowsTheVerificationLink(client, email);
			accessToken = client.cookies().value("access_token").orElseThrow();
			refreshToken = client.cookies().value("refresh_token").orElseThrow();
		}
		finally {
			first.close();
		}

		assertThat(this.dataDir.resolve("postgres")).isDirectory();
		assertThat(this.dataDir.resolve("postgres").resolve("PG_VERSION")).isRegularFile();
		Path keyFile = this.dataDir.resolve("secret_key");
		assertThat(keyFile).isRegularFile();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
			.as("the key is readable by its owner only")
			.isEqualTo("rw-------");
		String generatedKey = Files.readString(keyFile).strip();
		assertThat(generatedKey).hasSizeGreaterThanOrEqualTo(32);
		assertThat(output).contains("Zero-setup mode").contains(this.dataDir.resolve("postgres").toString());
		assertThat(output)
			.contains("mails are not sent but kept in memory (the last 100) and shown at http://localhost:"
					+ port(first) + "/dev/mailbox");
		assertThat(output).doesNotContain(generatedKey);

		ConfigurableApplicationContext second = start();
		try {
			ApiClient sameDevice = new ApiClient(port(second));
			sameDevice.cookies().set("access_token", accessToken, "/");
			sameDevice.cookies().set("refresh_token", refreshToken, "/auth");

			ApiClient.Reply me = sameDevice.get("/users/me");
			assertThat(me.status()).as("the access token signed before the restart").isEqualTo(200);
			assertThat(me.json().path("email").asString()).isEqualTo(email);
			assertThat(sameDevice.post("/auth/refresh").status()).as("the refresh token issued before the restart")
				.isEqualTo(200);

			ApiClient anotherDevice = new ApiClient(port(second));
			ApiClient.Reply login = anotherDevice.post("/auth/login", Map.of("email", email, "password", password));
			assertThat(login.status()).as("the user registered before the restart").isEqualTo(200);
		}
		finally {
			second.close();
		}
		assertThat(Files.readString(keyFile).strip()).as("the key is generated once").isEqualTo(generatedKey);
	}

	/**
	 * The registration mail waits on /dev/mailbox, with its link clickable, for this
	 * machine only: a client that a trusted proxy forwards from elsewhere gets the 404 of
	 * a path that does not exist.
	 */
	private static void assertTheMailboxShowsTheVerificationLink(ApiClient client, String email) {
		// The sender delivers after the commit, on its own thread: look until it has.
		ApiClient.Reply mailbox = client.getUntil("/dev/mailbox", (reply) -> reply.body().contains(email),
				Duration.ofSeconds(30));
		assertThat(mailbox.status()).isEqualTo(200);
		assertThat(mailbox.contentType()).startsWith("text/html");
		assertThat(mailbox.header("Cache-Control")).containsExactly("no-store");
		assertThat(mailbox.body()).contains(email).containsPattern("<a href=\"http://localhost:\\d+/verify#token=");

		ApiClient.Reply fromElsewhere = client.send("GET", "/dev/mailbox", Map.of("X-Forwarded-For", "203.0.113.9"),
				"");
		assertThat(fromElsewhere.status()).isEqualTo(404);
		assertThat(fromElsewhere.body()).doesNotContain(email);
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(LatchkeyApplication.class).run("--DATABASE_URL=", "--SECRET_KEY=",
				"--DATA_DIR=" + this.dataDir, "--server.port=0", "--DOTENV_FILE=", "--spring.main.banner-mode=off",
				"--TRUSTED_PROXIES=127.0.0.1");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
	}

}
