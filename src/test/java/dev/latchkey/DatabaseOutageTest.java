package dev.latchkey;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.Closing;
import dev.latchkey.support.FreePort;
import dev.latchkey.support.RunningInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * PostgreSQL taken away under a running instance and brought back: requests that need it
 * answer 503 promptly instead of hanging or failing with 500, and everything recovers by
 * itself, sessions included, without a restart.
 */
class DatabaseOutageTest {

	/** Far above the few seconds an answer takes; only a hang reaches it. */
	private static final Duration HANG = Duration.ofSeconds(20);

	/**
	 * Far above the pool's reconnection back-off; only a failure to recover reaches it.
	 */
	private static final Duration RECOVERY = Duration.ofSeconds(30);

	@TempDir
	Path dataDirectory;

	private EmbeddedPostgres postgres;

	private RunningInstance instance;

	@AfterEach
	void stop() throws Exception {
		Closing.all(this.instance, this.postgres);
	}

	@Test
	@DisplayName("an outage answers 503 service_unavailable within seconds and recovers by itself, sessions intact")
	void survivesADatabaseOutage() throws IOException {
		int port = FreePort.any();
		this.postgres = startPostgres(port);
		this.instance = RunningInstance
			.start(Map.of("DATABASE_URL", "postgresql://postgres@localhost:" + port + "/postgres"));
		ApiClient browser = this.instance.client();
		String email = ApiClient.uniqueEmail();
		browser.registerAndLogin(email, "outage password");
		assertThat(browser.get("/users/me").status()).isEqualTo(200);

		this.postgres.close();
		this.postgres = null;

		ApiClient.Reply me = assertTimeoutPreemptively(HANG, () -> browser.get("/users/me"));
		assertThat(me.status()).isEqualTo(503);
		assertThat(me.code()).isEqualTo("service_unavailable");
		assertThat(me.header("Retry-After")).isNotEmpty();
		ApiClient.Reply login = assertTimeoutPreemptively(HANG, () -> this.instance.client()
			.post("/auth/login", Map.of("email", email, "password", "outage password")));
		assertThat(login.status()).isEqualTo(503);
		assertThat(login.contentType()).startsWith("application/problem+json");
		ApiClient.Reply refresh = assertTimeoutPreemptively(HANG, () -> browser.post("/auth/refresh"));
		assertThat(refresh.status()).isEqualTo(503);
		assertThat(browser.cookies().value("refresh_token")).as("a failed refresh keeps the session's cookie")
			.isPresent();
		ApiClient.Reply health = assertTimeoutPreemptively(HANG, () -> browser.get("/health"));
		assertThat(health.status()).isEqualTo(503);

		this.postgres = startPostgres(port);

		// The pool retries with a back-off, so recovery takes a moment: wait for it,
		// bounded.
		await().atMost(RECOVERY).untilAsserted(() -> assertThat(browser.get("/health").status()).isEqualTo(200));
		assertThat(browser.get("/users/me").status()).isEqualTo(200);
		assertThat(browser.post("/auth/refresh").status()).isEqualTo(200);
		assertThat(browser.get("/users/me").json().path("email").asString()).isEqualTo(email);
	}

	/** The same cluster each time: the second start finds its data and skips initdb. */
	private EmbeddedPostgres startPostgres(int port) throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(port)
			.start();
	}

}
