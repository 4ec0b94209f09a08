import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The floor of a login: raw Argon2id verifications per second, with the parameters and the
 * thread count of Latchkey's hashing pool (PasswordHasher), and nothing else.
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
		Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, parallelism, memory, iterations);
		String password = "bench-password-1";
		String hash = encoder.encode(password);
		run(encoder, password, hash, threads, warmup);
		Result result = run(encoder, password, hash, threads, seconds);
		System.out.printf("CEILING ops=%d seconds=%.3f ops_per_s=%.2f p50_ms=%.3f p99_ms=%.3f threads=%d%n",
				result.ops(), result.seconds(), result.ops() / result.seconds(), result.percentile(50), result.percentile(99),
				threads);
	}

	static Result run(Argon2PasswordEncoder encoder, String password, String hash, int threads, double seconds)
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
				int n = 0;
				for (long now = System.nanoTime(); now < deadline; ) {
					if (!encoder.matches(password, hash)) {
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

	static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value.strip();
	}

}
