package dev.latchkey.users;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords as stored in PostgreSQL: Argon2id with OWASP's parameters, and a hash made
 * with weaker parameters re-hashed on the next successful login.
 */
@IntegrationTest
class PasswordHashingTest {

	private static final String OWASP_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("a registered password is stored as $argon2id$v=19$m=19456,t=2,p=1 with a 16-byte salt and a 32-byte hash")
	void storesArgon2idWithOwaspParameters() {
		String email = ApiClient.uniqueEmail();
		String password = "stored-password-1";

		assertThat(
				new ApiClient(this.port).post("/auth/register", Map.of("email", email, "password", password)).status())
			.isEqualTo(201);

		String hash = storedHash(email);
		assertThat(hash).startsWith(OWASP_PREFIX).doesNotContain(password);
		String[] parts = hash.substring(OWASP_PREFIX.length()).split("\\$");
		assertThat(parts).hasSize(2);
		assertThat(Base64.getDecoder().decode(parts[0])).as("salt").hasSize(16);
		assertThat(Base64.getDecoder().decode(parts[1])).as("hash").hasSize(32);
	}

	@Test
	@DisplayName("a hash made with m=16384 (Spring Security 5.8's default) is replaced by an OWASP one on the next login")
	void rehashesAWeakerHashOnTheNextSuccessfulLogin() {
		String email = ApiClient.uniqueEmail();
		String password = "legacy-password-1";
		ApiClient client = new ApiClient(this.port);
		assertThat(client.post("/auth/register", Map.of("email", email, "password", password)).status()).isEqualTo(201);
		String weak = new Argon2PasswordEncoder(16, 32, 1, 16384, 2).encode(password);
		storeHash(email, weak);

		ApiClient.Reply login = client.post("/auth/login", Map.of("email", email, "password", password));

		assertThat(login.status()).isEqualTo(200);
		String rehashed = storedHash(email);
		assertThat(rehashed).isNotEqualTo(weak).startsWith(OWASP_PREFIX).contains("m=19456");
		assertThat(new ApiClient(this.port).post("/auth/login", Map.of("email", email, "password", password)).status())
			.as("the new hash still verifies")
			.isEqualTo(200);
	}

	@Test
	void rehashesAHashWithFewerIterations() {
		String email = ApiClient.uniqueEmail();
		String password = "legacy-password-2";
		ApiClient client = new ApiClient(this.port);
		assertThat(client.post("/auth/register", Map.of("email", email, "password", password)).status()).isEqualTo(201);
		storeHash(email, new Argon2PasswordEncoder(16, 32, 1, 19456, 1).encode(password));

		assertThat(client.post("/auth/login", Map.of("email", email, "password", password)).status()).isEqualTo(200);

		assertThat(storedHash(email)).startsWith(OWASP_PREFIX);
	}

	@Test
	void neverRewritesTheHashAfterAWrongPassword() {
		String email = ApiClient.uniqueEmail();
		String password = "legacy-password-3";
		ApiClient client = new ApiClient(this.port);
		assertThat(client.post("/auth/register", Map.of("email", email, "password", password)).status()).isEqualTo(201);
		String weak = new Argon2PasswordEncoder(16, 32, 1, 16384, 2).encode(password);
		storeHash(email, weak);

		ApiClient.Reply login = client.post("/auth/login", Map.of("email", email, "password", "not-the-password"));

		assertThat(login.status()).isEqualTo(401);
		assertThat(login.code()).isEqualTo("invalid_credentials");
		assertThat(storedHash(email)).isEqualTo(weak);
	}

	@Test
	void keepsAHashMadeWithStrongerParameters() {
		String email = ApiClient.uniqueEmail();
		String password = "stronger-password-1";
		ApiClient client = new ApiClient(this.port);
		assertThat(client.post("/auth/register", Map.of("email", email, "password", password)).status()).isEqualTo(201);
		String stronger = new Argon2PasswordEncoder(16, 32, 1, 32768, 3).encode(password);
		storeHash(email, stronger);

		assertThat(client.post("/auth/login", Map.of("email", email, "password", password)).status()).isEqualTo(200);

		assertThat(storedHash(email)).as("never downgraded").isEqualTo(stronger);
	}

	private String storedHash(String email) {
		return this.jdbc.queryForObject("select password_hash from users where email = ?", String.class, email);
	}

	private void storeHash(String email, String hash) {
		assertThat(this.jdbc.update("update users set password_hash = ? where email = ?", hash, email)).isOne();
	}

}
