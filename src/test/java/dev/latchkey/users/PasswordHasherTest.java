package dev.latchkey.users;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import dev.latchkey.support.TestSettings;
import dev.latchkey.failures.Failure;
import dev.latchkey.web.Problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The hashing pool on its own: OWASP's Argon2id parameters, and a bounded pool that
 * answers a flood with 503 and Retry-After instead of queueing without end.
 */
class PasswordHasherTest {

	/**
	 * Enough iterations that one hash takes the better part of a second on any machine.
	 */
	private static final int HEAVY_TIME_COST = 40;

	private final List<PasswordHasher> hashers = new ArrayList<>();

	private final ExecutorService callers = Executors.newFixedThreadPool(3);

	@AfterEach
	void stop() {
		this.callers.shutdownNow();
		this.hashers.forEach(PasswordHasher::destroy);
	}

	@Test
	void hashesWithOwaspParametersAsArgon2id() {
		PasswordHasher hasher = hasher(19456, 2, 0, 64, Duration.ofSeconds(30));

		String hash = hasher.hash("correct horse battery staple");

		assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(hasher.matches("correct horse battery staple", hash)).isTrue();
		assertThat(hasher.matches("correct horse battery stapler", hash)).isFalse();
	}

	@Test
	void saltsEveryHash() {
		PasswordHasher hasher = hasher(19456, 2, 0, 64, Duration.ofSeconds(30));

		assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
	}

	@Test
	void callsAHashWithWeakerParametersOutdated() {
		PasswordHasher hasher = hasher(19456, 2, 0, 64, Duration.ofSeconds(30));
		String weaker = new Argon2PasswordEncoder(16, 32, 1, 16384, 2).encode("password123");
		String fewerIterations = new Argon2PasswordEncoder(16, 32, 1, 19456, 1).encode("password123");
		String stronger = new Argon2PasswordEncoder(16, 32, 1, 32768, 3).encode("password123");

		assertThat(hasher.isOutdated(weaker)).isTrue();
		assertThat(hasher.isOutdated(fewerIterations)).isTrue();
		assertThat(hasher.isOutdated(hasher.hash("password123"))).isFalse();
		assertThat(hasher.isOutdated(stronger)).isFalse();
		assertThat(hasher.matches("password123", weaker)).isTrue();
	}

	@Test
	void matchNothingRunsAVerificationAndReturns() {
		PasswordHasher hasher = hasher(19456, 2, 0, 64, Duration.ofSeconds(30));

		assertThatNoException().isThrownBy(() -> hasher.matchNothing("whatever the client typed"));
	}

	@Test
	void threeHashesAtOnceOnOneThreadWithAQueueOfOneGetAtLeastOne503() throws Exception {
		PasswordHasher hasher = hasher(19456, HEAVY_TIME_COST, 1, 1, Duration.ofSeconds(60));

		List<Object> outcomes = allAtOnce(3, () -> hasher.hash("correct horse battery staple"));

		List<Failure> refused = outcomes.stream().filter(Failure.class::isInstance).map(Failure.class::cast).toList();
		assertThat(refused).isNotEmpty();
		refused.forEach(PasswordHasherTest::assertServerBusy);
		assertThat(outcomes).filteredOn(String.class::isInstance)
			.hasSize(3 - refused.size())
			.allSatisfy((hash) -> assertThat((String) hash).startsWith("$argon2id$"));
	}

	@Test
	void matchNothingTakesASlotInThePoolLikeARealVerification() throws Exception {
		PasswordHasher hasher = hasher(19456, HEAVY_TIME_COST, 1, 1, Duration.ofSeconds(60));

		List<Object> outcomes = allAtOnce(3, () -> {
			hasher.matchNothing("unknown user's guess");
			return "verified";
		});

		assertThat(outcomes).filteredOn(Failure.class::isInstance).isNotEmpty();
		assertThat(outcomes).filteredOn("verified"::equals).isNotEmpty();
	}

	@Test
	void aHashThatIsNotDoneWithinTheMaximumWaitGets503InsteadOfHoldingTheRequest() {
		PasswordHasher hasher = hasher(19456, HEAVY_TIME_COST, 1, 1, Duration.ofMillis(1));

		Failure refusal = catchThrowableOfType(Failure.class, () -> hasher.hash("slow"));

		assertServerBusy(refusal);
	}

	/**
	 * Starts {@code count} calls together; answers each one's result or the exception it
	 * threw.
	 */
	private List<Object> allAtOnce(int count, Callable<Object> call) throws Exception {
		CountDownLatch ready = new CountDownLatch(count);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Object>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			futures.add(this.callers.submit(() -> {
				ready.countDown();
				go.await();
				try {
					return call.call();
				}
				catch (RuntimeException ex) {
					return ex;
				}
			}));
		}
		ready.await();
		go.countDown();
		List<Object> outcomes = new ArrayList<>();
		for (Future<Object> future : futures) {
			// A guard against a hang, not a timing assertion: every call must come back.
			outcomes.add(future.get(2, TimeUnit.MINUTES));
		}
		return outcomes;
	}

	private static void assertServerBusy(Failure refusal) {
		assertThat(refusal).isNotNull();
		assertThat(Problems.statusOf(refusal.kind())).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refusal.code()).isEqualTo("server_busy");
		assertThat(Problems.headersOf(refusal).getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank().containsOnlyDigits();
	}

	private PasswordHasher hasher(int memoryCost, int timeCost, int threads, int queue, Duration maxWait) {
		PasswordSettings passwords = TestSettings.defaults()
			.with("ARGON2_MEMORY_COST", String.valueOf(memoryCost))
			.with("ARGON2_TIME_COST", String.valueOf(timeCost))
			.with("PASSWORD_HASHING_THREADS", String.valueOf(threads))
			.with("PASSWORD_HASHING_QUEUE", String.valueOf(queue))
			.with("PASSWORD_HASHING_MAX_WAIT", maxWait.toString())
			.bind(PasswordSettings.class);
		PasswordHasher hasher = new PasswordHasher(passwords, new SimpleMeterRegistry());
		this.hashers.add(hasher);
		return hasher;
	}

	@Test
	void heapWarningWhenTheBlockPoolsFitInHalfTheHeapThenNone() {
		// The shipped jvm.options on 2 CPUs: 2 x 19 MiB in 192 MiB.
		assertThat(PasswordHasher.heapWarning(2, 19456, 192L << 20)).isEmpty();
		assertThat(PasswordHasher.heapWarning(5, 19456, 192L << 20)).isEmpty();
	}

	@Test
	void heapWarningWhenTheBlockPoolsTakeMoreThanHalfTheHeapThenNamesWhatToChange() {
		// 6 CPUs, one hashing thread each: 114 MiB of the 192.
		assertThat(PasswordHasher.heapWarning(6, 19456, 192L << 20)).hasValueSatisfying((warning) -> assertThat(warning)
			.contains("6 password-hashing threads", "114 MiB", "192 MiB", "-Xmx", "PASSWORD_HASHING_THREADS"));
	}

}
