package dev.latchkey.ratelimit;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import dev.latchkey.config.ServerSecret;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitConfiguration.class);

	/**
	 * Buckets in the {@code rate_limit_buckets} table (Flyway V2), locked with SELECT ...
	 * FOR UPDATE while they are updated. A bucket's row expires a minute after it would
	 * be full again, so idle subjects cost nothing; {@link #deleteExpiredBuckets} removes
	 * those rows.
	 */
	@Bean
	PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets(DataSource dataSource, Clock clock) {
		return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("rate_limit_buckets")
			.idColumn("id")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.clientClock(new ClockTimeMeter(clock))
			.build();
	}

	@Bean
	RateLimiter rateLimiter(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets, RateLimitSettings settings,
			ApplicationEventPublisher events, ServerSecret secret) {
		return new RateLimiter(buckets, settings, events, secret);
	}

	@Bean
	ExpiredBucketCleanup expiredBucketCleanup(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
		return new ExpiredBucketCleanup(buckets);
	}

	/**
	 * Deletes the rows of buckets that are full again, in batches that skip locked rows,
	 * every {@link RateLimitSettings#cleanupInterval()}.
	 */
	static class ExpiredBucketCleanup {

		private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

		ExpiredBucketCleanup(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
			this.buckets = buckets;
		}

		@Scheduled(initialDelayString = "${latchkey.rate-limits.cleanup-interval}",
				fixedDelayString = "${latchkey.rate-limits.cleanup-interval}")
		void deleteExpiredBuckets() {
			int deleted;
			int total = 0;
			do {
				deleted = this.buckets.removeExpired(1000);
				total += deleted;
			}
			while (deleted == 1000);
			logger.info("event=cleanup deleted_rate_limit_buckets={}", total);
		}

	}

	/**
	 * Bucket4j's clock is the application's clock, so tests can move time for buckets
	 * too.
	 */
	private record ClockTimeMeter(Clock clock) implements TimeMeter {

		@Override
		public long currentTimeNanos() {
			return this.clock.millis() * 1_000_000L;
		}

		@Override
		public boolean isWallClockBased() {
			return true;
		}

	}

}
