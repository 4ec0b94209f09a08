package dev.latchkey.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessResourceFailureException;

import dev.latchkey.config.HmacKey;
import dev.latchkey.config.ServerSecret;

/**
 * Token buckets in PostgreSQL, one per limit and subject, so that all instances on one
 * database count together. Subjects (an email, an address, a session id) are stored only
 * as the start of their HMAC under a key derived from SECRET_KEY: a plain digest of an
 * email or an address could be reversed by trying candidates, a keyed one cannot without
 * the key.
 */
public class RateLimiter {

	private final ProxyManager<String> buckets;

	private final Map<RateLimit, BucketConfiguration> configurations = new EnumMap<>(RateLimit.class);

	private final Map<RateLimit, String> keyPrefixes = new EnumMap<>(RateLimit.class);

	private final boolean enabled;

	private final ApplicationEventPublisher events;

	private final HmacKey subjectKey;

	RateLimiter(ProxyManager<String> buckets, RateLimitSettings settings, ApplicationEventPublisher events,
			ServerSecret secret) {
		this.buckets = buckets;
		this.subjectKey = secret.hmacKey("rate-limit-subject");
		this.enabled = settings.enabled();
		this.events = events;
		for (RateLimit limit : RateLimit.values()) {
			Limit setting = limit.limitIn(settings);
			this.configurations.put(limit,
					BucketConfiguration.builder()
						.addLimit(Bandwidth.builder()
							.capacity(setting.count())
							.refillGreedy(setting.count(), setting.period())
							.build())
						.build());
			// A stored bucket keeps the configuration it was created with. Naming the
			// setting in the id makes a changed setting start new buckets, instead of
			// leaving every subject that already has one (an account under attack, say)
			// on the old limit.
			this.keyPrefixes.put(limit,
					limit.label() + ":" + setting.count() + "/" + setting.period().toSeconds() + "s:");
		}
	}

	public boolean enabled() {
		return this.enabled;
	}

	/**
	 * Takes one attempt from each named bucket, all or none.
	 * @return the attempts taken, to {@link Attempts#refund() refund} when the attempt
	 * turns out not to count (a login that succeeded)
	 * @throws RateLimited when any bucket is empty
	 */
	public Attempts consume(@Nullable String ip, Subject... subjects) {
		if (!this.enabled) {
			return new Attempts(List.of());
		}
		List<BucketProxy> taken = new ArrayList<>();
		for (Subject subject : subjects) {
			BucketProxy bucket = bucket(subject);
			ConsumptionProbe probe = call(() -> bucket.tryConsumeAndReturnRemaining(1));
			if (!probe.isConsumed()) {
				new Attempts(taken).refund();
				this.events.publishEvent(new RateLimitExceeded(subject.limit().label(), ip));
				throw new RateLimited(subject.limit(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
			}
			taken.add(bucket);
		}
		return new Attempts(taken);
	}

	private BucketProxy bucket(Subject subject) {
		return this.buckets.builder().build(key(subject), () -> this.configurations.get(subject.limit()));
	}

	private String key(Subject subject) {
		byte[] digest = this.subjectKey.sign(subject.value().getBytes(StandardCharsets.UTF_8));
		return this.keyPrefixes.get(subject.limit()) + HexFormat.of().formatHex(digest, 0, 16);
	}

	/**
	 * Bucket4j reports a database failure as its own exception; callers see 503 like any
	 * other.
	 */
	private static <T> T call(java.util.function.Supplier<T> action) {
		try {
			return action.get();
		}
		catch (RuntimeException ex) {
			throw new DataAccessResourceFailureException("The rate-limit store is unavailable", ex);
		}
	}

	/** One limit applied to one subject, such as a client address. */
	public record Subject(RateLimit limit, String value) {

		/** A limit on a client address: an IPv6 client's whole /64 counts as one. */
		public static Subject address(RateLimit limit, String ip) {
			return new Subject(limit, AddressBlock.of(ip));
		}

		/** A limit on one account from one client address. */
		public static Subject accountAndAddress(RateLimit limit, String normalizedEmail, String ip) {
			return new Subject(limit, normalizedEmail + " " + AddressBlock.of(ip));
		}

		@Override
		public String toString() {
			return "Subject[" + this.limit + "]";
		}

	}

	/** Attempts taken from buckets, which can be given back. */
	public static final class Attempts {

		private final List<BucketProxy> taken;

		private Attempts(List<BucketProxy> taken) {
			this.taken = taken;
		}

		public void refund() {
			for (BucketProxy bucket : this.taken) {
				call(() -> {
					bucket.addTokens(1);
					return null;
				});
			}
		}

	}

}
