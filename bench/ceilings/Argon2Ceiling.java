import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The floor of a login: raw Argon2id verifications per second, with the parameters and the
 * thread count of Latchkey's hashing pool (PasswordHasher), and nothing else: BouncyCastle's
 * generator, each thread with memory blocks of its own reused from one hash to the next, the
 * cheapest way this stack computes the hash.
 * <p>
 * Run from bench/run as a single-file source program on the app's classpath:
 * {@code java -cp APP_CLASSPATH Argon2Ceiling.java SECONDS WARMUP_SECONDS [THREADS]}. Prints
 * {@code CEILING ops=N seconds=S ops_per_s=X p50_ms=A p99_ms=B threads=T}.
 */
public class Argon2Ceiling {

	public static void main(String[] args) throws Exception {
		double seconds = Double.parseDouble(args[0]);
		double warmup = Double.parseDouble(args[1]);
		int threads = (args.length > 2) ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
		// The same settings and defaults as the server: application.yml and PasswordHasher.
		int memory = Integer.parseInt(env("ARGON2_MEMORY_COST", "19456"));
		int iterations = Integer.parseInt(env("ARGON2_TIME_COST", "2"));
		int parallelism = Integer.parseInt(env("ARGON2_PARALLELISM", "1"));
		byte[] salt = new byte[16];
		new java.security.SecureRandom().nextBytes(salt);
		Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
			.withVersion(Argon2Parameters.ARGON2_VERSION_13)
			.withMemoryAsKB(memory)
			.withIterations(iterations)
			.withParallelism(parallelism)
			.withSalt(salt);
		byte[] password = "bench-password-1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		ThreadLocal<Verifier> verifiers = ThreadLocal.withInitial(() -> new Verifier(parameters, memory, parallelism));
		byte[] hash = verifiers.get().hash(password);
		run(verifiers, password, hash, threads, warmup);
		Result result = run(verifiers, password, hash, threads, seconds);
		System.out.printf("CEILING ops=%d seconds=%.3f ops_per_s=%.2f p50_ms=%.3f p99_ms=%.3f threads=%d%n",
				result.ops(), result.seconds(), result.ops() / result.seconds(), result.percentile(50), result.percentile(99),
				threads);
	}

	static Result run(ThreadLocal<Verifier> verifiers, byte[] password, byte[] hash, int threads, double seconds)
			throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + (long) (seconds * 1e9);
		AtomicLong failures = new AtomicLong();
		List<long[]> latencies = new ArrayList<>();
		List<Thread> workers = new ArrayList<>();
		int[] counts = new int[threads];
		for (int t = 0; t < threads; t++) {
			long[] mine = new long[1 << 16];
			latencies.add(mine);
			int index = t;
			workers.add(Thread.ofPlatform().name("argon2-" + t).start(() -> {
				Verifier verifier = verifiers.get();
				int n = 0;
				for (long now = System.nanoTime(); now < deadline; ) {
					if (!java.security.MessageDigest.isEqual(hash, verifier.hash(password))) {
						failures.incrementAndGet();
					}
					long end = System.nanoTime();
					if (n < mine.length) {
						mine[n] = end - now;
					}
					n++;
					now = end;
				}
				counts[index] = n;
			}));
		}
		for (Thread worker : workers) {
			worker.join();
		}
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " verifications failed");
		}
		// Each thread finishes the verification it started before the deadline: count to the last.
		double elapsed = (System.nanoTime() - start) / 1e9;
		return Result.of(latencies, counts, elapsed);
	}

	/** One thread's hashing: the parameters and a pool of blocks for one hash at a time. */
	record Verifier(Argon2Parameters parameters) {

		Verifier(Argon2Parameters.Builder parameters, int memory, int parallelism) {
			this(parameters
				.withBlockPool(new Argon2BytesGenerator.FixedBlockPool(Argon2BytesGenerator.getBlockCount(memory, parallelism)))
				.build());
		}

		byte[] hash(byte[] password) {
			Argon2BytesGenerator generator = new Argon2BytesGenerator();
			generator.init(this.parameters);
			byte[] hash = new byte[32];
			generator.generateBytes(password, hash);
			return hash;
		}

	}

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value.strip();
	}

}
