package dev.latchkey.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.jspecify.annotations.Nullable;

/**
 * Argon2id hashes in the PHC string format ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash},
 * unpadded Base64: what Spring Security's {@code Argon2PasswordEncoder} writes and reads,
 * so hashes stored by either verify with the other), computed by BouncyCastle.
 * <p>
 * Unlike that encoder, it hands BouncyCastle one pool of memory blocks for all hashes.
 * Each hash needs {@code ARGON2_MEMORY_COST} KiB (19 MiB by default) as 1 KiB blocks;
 * allocated afresh, a login every few milliseconds turns them into gigabytes of garbage
 * per minute, whose copying by the collector halved login throughput on a small heap.
 * Pooled, they are allocated once per hashing thread and reused, cleared between hashes.
 * <p>
 * Each hash takes a pool of its own for its duration. One pool shared by all hashes, as
 * BouncyCastle's {@code FixedBlockPool} is meant to be used, makes the threads contend
 * for its lock on every block and interleaves their blocks in memory: measured on 2 CPUs,
 * a fifth fewer hashes per second than a pool per hash.
 */
final class Argon2idHashes {

	private static final Pattern PHC = Pattern
		.compile("\\$argon2id\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

	private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	private final int saltBytes;

	private final int hashBytes;

	private final int parallelism;

	private final int memoryKiB;

	private final int iterations;

	private final BlockingQueue<Argon2BytesGenerator.BlockPool> blocks;

	private final int blocksPerHash;

	/**
	 * @param concurrentHashes how many hashes may run at once: that many block pools are
	 * kept between hashes
	 */
	Argon2idHashes(int saltBytes, int hashBytes, int parallelism, int memoryKiB, int iterations, int concurrentHashes) {
		this.saltBytes = saltBytes;
		this.hashBytes = hashBytes;
		this.parallelism = parallelism;
		this.memoryKiB = memoryKiB;
		this.iterations = iterations;
		this.blocksPerHash = Argon2BytesGenerator.getBlockCount(memoryKiB, parallelism);
		this.blocks = new ArrayBlockingQueue<>(concurrentHashes);
	}

	String encode(String password) {
		byte[] salt = new byte[this.saltBytes];
		this.random.nextBytes(salt);
		byte[] hash = hash(password, new Parameters(Argon2Parameters.ARGON2_VERSION_13, this.memoryKiB, this.iterations,
				this.parallelism, salt, this.hashBytes));
		return "$argon2id$v=" + Argon2Parameters.ARGON2_VERSION_13 + "$m=" + this.memoryKiB + ",t=" + this.iterations
				+ ",p=" + this.parallelism + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
	}

	/** False for a wrong password and for anything that is not an Argon2id hash. */
	boolean matches(String password, String encoded) {
		Parameters stored = Parameters.parse(encoded);
		if (stored == null) {
			return false;
		}
		return MessageDigest.isEqual(stored.expected(), hash(password, stored));
	}

	/** Whether the hash was made with less memory or fewer iterations than now set. */
	boolean isWeaker(String encoded) {
		Parameters stored = Parameters.parse(encoded);
		return stored != null && (stored.memoryKiB() < this.memoryKiB || stored.iterations() < this.iterations);
	}

	private byte[] hash(String password, Parameters parameters) {
		Argon2BytesGenerator.BlockPool pool = takeBlocks();
		try {
			return hash(password, parameters, pool);
		}
		finally {
			// Beyond concurrentHashes pools (more callers than hashing threads) the extra
			// is dropped.
			this.blocks.offer(pool);
		}
	}

	/**
	 * A pool for one hash: a spare one, or a new one while fewer than concurrentHashes
	 * exist.
	 */
	private Argon2BytesGenerator.BlockPool takeBlocks() {
		Argon2BytesGenerator.BlockPool spare = this.blocks.poll();
		return (spare != null) ? spare : new Argon2BytesGenerator.FixedBlockPool(this.blocksPerHash);
	}

	private byte[] hash(String password, Parameters parameters, Argon2BytesGenerator.BlockPool pool) {
		Argon2BytesGenerator generator = new Argon2BytesGenerator();
		generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(parameters.version())
			.withMemoryAsKB(parameters.memoryKiB())
			.withIterations(parameters.iterations())
			.withParallelism(parameters.parallelism())
			.withSalt(parameters.salt())
			.withBlockPool(pool)
			.build());
		byte[] hash = new byte[parameters.expected().length];
		generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
		return hash;
	}

	/**
	 * A PHC string's parameters; {@code expected} is the hash, or its length when new.
	 */
	private record Parameters(int version, int memoryKiB, int iterations, int parallelism, byte[] salt,
			byte[] expected) {

		Parameters(int version, int memoryKiB, int iterations, int parallelism, byte[] salt, int hashBytes) {
			this(version, memoryKiB, iterations, parallelism, salt, new byte[hashBytes]);
		}

		static @Nullable Parameters parse(String encoded) {
			Matcher phc = PHC.matcher(encoded);
			if (!phc.matches()) {
				return null;
			}
			try {
				Parameters parameters = new Parameters(Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)),
						Integer.parseInt(phc.group(3)), Integer.parseInt(phc.group(4)),
						Base64.getDecoder().decode(phc.group(5)), Base64.getDecoder().decode(phc.group(6)));
				boolean sane = (parameters.version() == Argon2Parameters.ARGON2_VERSION_10
						|| parameters.version() == Argon2Parameters.ARGON2_VERSION_13) && parameters.parallelism() >= 1
						&& parameters.iterations() >= 1 && parameters.memoryKiB() >= 8 * parameters.parallelism()
						&& parameters.expected().length >= 4;
				return sane ? parameters : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

	}

}
