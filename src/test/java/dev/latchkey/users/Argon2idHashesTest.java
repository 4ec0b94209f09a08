package dev.latchkey.users;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pooled Argon2id hashes against Spring Security's encoder, which wrote every hash
 * stored before them: each verifies the other's, and they agree on which are weaker.
 */
@DisplayName("Argon2id hashes with pooled memory")
class Argon2idHashesTest {

	/** Small parameters, so that the test is quick; the format is the same. */
	private final Argon2idHashes hashes = new Argon2idHashes(16, 32, 1, 1024, 2, 2);

	private final Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 1024, 2);

	@Test
	@DisplayName("a hash Spring Security wrote verifies, and one written here verifies with Spring Security")
	void compatibleBothWays() {
		String password = "correct horse battery staple ✓";
		String bySpring = this.spring.encode(password);
		String byUs = this.hashes.encode(password);

		assertThat(byUs).startsWith("$argon2id$v=19$m=1024,t=2,p=1$");
		assertThat(this.hashes.matches(password, bySpring)).isTrue();
		assertThat(this.spring.matches(password, byUs)).isTrue();
		assertThat(this.hashes.matches("correct horse battery staple", bySpring)).isFalse();
		assertThat(this.hashes.matches("wrong", byUs)).isFalse();
	}

	@Test
	@DisplayName("less memory or fewer iterations than configured is weaker, as Spring Security judges it")
	void weakerAsSpringJudges() {
		List<String> stored = List.of(new Argon2PasswordEncoder(16, 32, 1, 512, 2).encode("p"),
				new Argon2PasswordEncoder(16, 32, 1, 1024, 1).encode("p"),
				new Argon2PasswordEncoder(16, 32, 1, 2048, 3).encode("p"), this.hashes.encode("p"));

		assertThat(stored).map(this.hashes::isWeaker).containsExactly(true, true, false, false);
		assertThat(stored).map(this.spring::upgradeEncoding).containsExactly(true, true, false, false);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(
			strings = { "", "plain text", "$2a$10$abcdefghijklmnopqrstuv", "$argon2i$v=19$m=1024,t=2,p=1$c2FsdA$aGFzaA",
					"$argon2id$v=19$m=1024,t=2,p=1$c2FsdA$", "$argon2id$v=7$m=1024,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
					"$argon2id$v=19$m=99999999999,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
					"$argon2id$v=19$m=1024,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2g" })
	@DisplayName("anything that is not an Argon2id hash matches no password and is not weaker")
	void malformedMatchesNothing(String stored) {
		assertThat(this.hashes.matches("password", stored)).isFalse();
		assertThat(this.hashes.isWeaker(stored)).isFalse();
	}

	@Test
	@DisplayName("hashes computed at once on several threads from one pool of blocks are each right")
	void concurrentHashesShareThePoolSafely() throws Exception {
		List<Future<Boolean>> results = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
			for (int i = 0; i < 40; i++) {
				String password = "password " + i;
				results.add(threads.submit(() -> {
					String hash = this.hashes.encode(password);
					return this.spring.matches(password, hash) && this.hashes.matches(password, hash)
							&& !this.hashes.matches(password + "!", hash);
				}));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		}
	}

}
