package dev.latchkey.users;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login checks the password, then opens its session: a password change that commits in
 * between must win. The hashing is held still, deterministically, at the moment a chosen
 * login has checked the password and before it goes on, while the change runs.
 */
@IntegrationTest
@Import(PasswordChangeRaceTest.GatedHashing.class)
@TestPropertySource(properties = { "PASSWORD_HASHING_THREADS=4", "PASSWORD_HASHING_MAX_WAIT=60s" })
class PasswordChangeRaceTest {

	private static final String OLD_PASSWORD = "old-password-123";

	private static final String NEW_PASSWORD = "new-password-456";

	@LocalServerPort
	int port;

	@Autowired
	GatedPasswordHasher hasher;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void openGate() {
		this.hasher.disarm();
	}

	@Test
	@DisplayName("a login that checked the old password just before a password change committed opens no session after it")
	void loginWhenPasswordChangedBetweenCheckAndSessionThenRefused() throws Exception {
		String email = ApiClient.uniqueEmail();
		ApiClient owner = new ApiClient(this.port);
		owner.registerAndLogin(email, OLD_PASSWORD);
		String userId = owner.get("/users/me").json().path("id").asString();
		ApiClient intruder = new ApiClient(this.port);

		Gate gate = this.hasher.armFor(OLD_PASSWORD);
		CompletableFuture<Reply> login = CompletableFuture
			.supplyAsync(() -> intruder.post("/auth/login", Map.of("email", email, "password", OLD_PASSWORD)));
		gate.awaitReached();
		Reply changed = owner.post("/users/me/password",
				Map.of("current_password", OLD_PASSWORD, "new_password", NEW_PASSWORD));
		assertThat(changed.status()).isEqualTo(200);
		gate.release();
		Reply lateLogin = login.get(30, TimeUnit.SECONDS);

		assertThat(lateLogin.status()).isEqualTo(401);
		assertThat(lateLogin.code()).isEqualTo("invalid_credentials");
		assertThat(intruder.cookies().value("access_token")).isEmpty();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from sessions where user_id = ?::uuid and revoked_at is null", Integer.class, userId))
			.as("only the session that changed the password")
			.isEqualTo(1);
	}

	@Test
	@DisplayName("re-hashing an outdated hash at login never writes the old password over one changed meanwhile")
	void loginWhenRehashRacesPasswordChangeThenNewPasswordSurvives() throws Exception {
		String email = ApiClient.uniqueEmail();
		ApiClient owner = new ApiClient(this.port);
		owner.registerAndLogin(email, OLD_PASSWORD);
		// As if the password had been stored before ARGON2_MEMORY_COST was raised.
		String weakHash = new Argon2PasswordEncoder(16, 32, 1, 1024, 1).encode(OLD_PASSWORD);
		this.jdbc.update("update users set password_hash = ? where lower(email) = ?", weakHash, email);

		Gate gate = this.hasher.armFor(OLD_PASSWORD);
		CompletableFuture<Reply> login = CompletableFuture.supplyAsync(
				() -> new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", OLD_PASSWORD)));
		gate.awaitReached();
		assertThat(
				owner.post("/users/me/password", Map.of("current_password", OLD_PASSWORD, "new_password", NEW_PASSWORD))
					.status())
			.isEqualTo(200);
		gate.release();
		login.get(30, TimeUnit.SECONDS);

		assertThat(
				new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", NEW_PASSWORD)).status())
			.as("the new password")
			.isEqualTo(200);
		assertThat(
				new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", OLD_PASSWORD)).status())
			.as("the old password")
			.isEqualTo(401);
	}

	@Test
	@DisplayName("two password changes that checked the same current password: one wins, the other is refused")
	void changePasswordWhenTwoRaceThenOneWins() throws Exception {
		String email = ApiClient.uniqueEmail();
		ApiClient first = new ApiClient(this.port);
		first.registerAndLogin(email, OLD_PASSWORD);
		ApiClient second = new ApiClient(this.port);
		assertThat(second.post("/auth/login", Map.of("email", email, "password", OLD_PASSWORD)).status())
			.isEqualTo(200);

		Gate gate = this.hasher.armFor(OLD_PASSWORD);
		CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(() -> first.post("/users/me/password",
				Map.of("current_password", OLD_PASSWORD, "new_password", "first-new-password")));
		gate.awaitReached();
		assertThat(second
			.post("/users/me/password", Map.of("current_password", OLD_PASSWORD, "new_password", NEW_PASSWORD))
			.status()).isEqualTo(200);
		gate.release();
		Reply late = slow.get(30, TimeUnit.SECONDS);

		assertThat(late.status()).as("the change that checked a password no longer current").isEqualTo(403);
		assertThat(late.code()).isEqualTo("invalid_password");
		assertThat(
				new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", NEW_PASSWORD)).status())
			.isEqualTo(200);
	}

	/**
	 * With one hashing thread, held by the gate, and no queue, every other hash is
	 * refused with 503 at once.
	 */
	@Nested
	@TestPropertySource(properties = { "PASSWORD_HASHING_THREADS=1", "PASSWORD_HASHING_QUEUE=0",
			"RATE_LIMITS_ENABLED=true", "RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS=2/15m" })
	class WhenHashingIsBusy {

		@LocalServerPort
		int port;

		@Autowired
		GatedPasswordHasher hasher;

		@AfterEach
		void openGate() {
			this.hasher.disarm();
		}

		@Test
		@DisplayName("a server_busy 503 is never counted as a failed login")
		void loginWhenServerBusyThenNotCountedAsFailure() throws Exception {
			String email = ApiClient.uniqueEmail();
			String password = "busy-password-789";
			assertThat(new ApiClient(this.port).post("/auth/register", Map.of("email", email, "password", password))
				.status()).isEqualTo(201);
			Gate gate = this.hasher.armFor("holds-the-only-thread");
			CompletableFuture<Reply> holder = CompletableFuture.supplyAsync(() -> new ApiClient(this.port)
				.post("/auth/login", Map.of("email", ApiClient.uniqueEmail(), "password", "holds-the-only-thread")));
			gate.awaitReached();
			for (int i = 1; i <= 3; i++) {
				Reply busy = new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", password));
				assertThat(busy.status()).as("attempt %d while hashing is busy", i).isEqualTo(503);
				assertThat(busy.code()).isEqualTo("server_busy");
			}
			gate.release();
			holder.get(30, TimeUnit.SECONDS);

			assertThat(
					new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", password)).status())
				.as("three 503s did not spend the limit of 2 failures")
				.isEqualTo(200);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class GatedHashing {

		@Bean
		@Primary
		GatedPasswordHasher gatedPasswordHasher(PasswordSettings passwords, MeterRegistry meters) {
			return new GatedPasswordHasher(passwords, meters);
		}

	}

	/**
	 * Hashing as usual, except that the first check of an armed password, once it has
	 * answered, holds its hashing thread at a gate until the test releases it.
	 */
	static class GatedPasswordHasher extends PasswordHasher {

		private final AtomicReference<Gate> armed = new AtomicReference<>();

		GatedPasswordHasher(PasswordSettings passwords, MeterRegistry meters) {
			super(passwords, meters);
		}

		Gate armFor(String password) {
			Gate gate = new Gate(password);
			this.armed.set(gate);
			return gate;
		}

		void disarm() {
			Gate gate = this.armed.getAndSet(null);
			if (gate != null) {
				gate.release();
			}
		}

		@Override
		boolean verify(String password, String hash) {
			boolean matches = super.verify(password, hash);
			Gate gate = this.armed.get();
			if (gate != null && gate.password().equals(password) && this.armed.compareAndSet(gate, null)) {
				gate.hold();
			}
			return matches;
		}

	}

	record Gate(String password, CountDownLatch reached, CountDownLatch released) {

		Gate(String password) {
			this(password, new CountDownLatch(1), new CountDownLatch(1));
		}

		void hold() {
			this.reached.countDown();
			await(this.released);
		}

		void awaitReached() {
			await(this.reached);
		}

		void release() {
			this.released.countDown();
		}

		private static void await(CountDownLatch latch) {
			try {
				assertThat(latch.await(30, TimeUnit.SECONDS)).as("the gate was reached and released in time").isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
