package dev.latchkey.users;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.latchkey.failures.Failure;

/**
 * Argon2id hashing with OWASP's parameters, run on a pool with one thread per CPU. Each
 * hash takes tens of milliseconds and {@code ARGON2_MEMORY_COST} of memory, so the pool
 * bounds both: a flood of logins waits in a short queue and past that gets 503 with
 * Retry-After, instead of running hundreds of hashes at once and exhausting the heap.
 */
@Component
class PasswordHasher implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(PasswordHasher.class);

	private static final int SALT_BYTES = 16;

	private static final int HASH_BYTES = 32;

	private final Argon2idHashes encoder;

	private final ThreadPoolExecutor pool;

	private final long maxWaitNanos;

	/**
	 * Verified against when the email is unknown, so that answer takes as long as a wrong
	 * password. Made on the hashing pool while the application starts: a first Argon2
	 * hash runs before the JIT has compiled it and took seconds of the startup on the
	 * main thread.
	 */
	private final Future<String> dummyHash;

	private final Timer hashingTime;

	PasswordHasher(PasswordSettings passwords, MeterRegistry meters) {
		int threads = passwords.effectiveHashingThreads();
		heapWarning(threads, passwords.memoryCost(), Runtime.getRuntime().maxMemory()).ifPresent(logger::warn);
		this.encoder = new Argon2idHashes(SALT_BYTES, HASH_BYTES, passwords.parallelism(), passwords.memoryCost(),
				passwords.timeCost(), threads);
		AtomicInteger counter = new AtomicInteger();
		BlockingQueue<Runnable> queue = (passwords.hashingQueue() > 0)
				? new ArrayBlockingQueue<>(passwords.hashingQueue()) : new SynchronousQueue<>();
		this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue,
				(runnable) -> new Thread(runnable, "password-hashing-" + counter.incrementAndGet()));
		this.maxWaitNanos = passwords.hashingMaxWait().toNanos();
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		String dummyPassword = Base64.getEncoder().encodeToString(random);
		this.dummyHash = this.pool.submit(() -> this.encoder.encode(dummyPassword));
		this.hashingTime = Timer.builder("latchkey.password.hashing")
			.description("Time to hash or verify one password, without the wait for a thread")
			.register(meters);
		Gauge.builder("latchkey.password.hashing.queue", this.pool, (pool) -> pool.getQueue().size())
			.description("Password hashes waiting for a thread")
			.register(meters);
	}

	/**
	 * What to warn about when the hashing threads' block pools, which stay in the heap
	 * between hashes, would take more than half of it: the shipped jvm.options caps the
	 * heap for a 2-CPU machine, and the pool has one thread per CPU by default.
	 */
	static Optional<String> heapWarning(int threads, int memoryKiB, long maxHeapBytes) {
		long poolsBytes = (long) threads * memoryKiB * 1024;
		if (poolsBytes <= maxHeapBytes / 2) {
			return Optional.empty();
		}
		return Optional.of("The " + threads + " password-hashing threads keep " + (poolsBytes >> 20)
				+ " MiB of Argon2 memory in the heap, more than half of its " + (maxHeapBytes >> 20)
				+ " MiB: logins may run out of memory under load. Raise -Xmx (jvm.options) or lower "
				+ "PASSWORD_HASHING_THREADS or ARGON2_MEMORY_COST.");
	}

	String hash(String password) {
		return run(() -> this.hashingTime.recordCallable(() -> this.encoder.encode(password)));
	}

	boolean matches(String password, String hash) {
		return verifyOnPool(password, () -> hash);
	}

	/** The verification itself, on a hashing thread. */
	boolean verify(String password, String hash) {
		return this.encoder.matches(password, hash);
	}

	/** Spends the time a real verification would, for an account that does not exist. */
	void matchNothing(String password) {
		// On the pool, behind the task that makes the dummy hash: done by then, or soon.
		verifyOnPool(password, this.dummyHash::get);
	}

	private boolean verifyOnPool(String password, Callable<String> hash) {
		return run(() -> this.hashingTime.recordCallable(() -> verify(password, hash.call())));
	}

	/**
	 * Whether a stored hash was made with weaker parameters than those configured now.
	 */
	boolean isOutdated(String hash) {
		return this.encoder.isWeaker(hash);
	}

	private <T> T run(Callable<T> work) {
		Future<T> future;
		try {
			future = this.pool.submit(work);
		}
		catch (RejectedExecutionException ex) {
			throw new HashingOverloaded();
		}
		try {
			return future.get(this.maxWaitNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new HashingOverloaded();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(false);
			throw new HashingOverloaded();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Password hashing failed", ex.getCause());
		}
	}

	@Override
	public void destroy() {
		this.pool.shutdownNow();
	}

	static final class HashingOverloaded extends Failure {

		HashingOverloaded() {
			super(Kind.BUSY, "server_busy", "Too many logins are being checked right now; try again in a moment.");
		}

		@Override
		public Optional<Duration> retryAfter() {
			return Optional.of(Duration.ofSeconds(1));
		}

	}

}
