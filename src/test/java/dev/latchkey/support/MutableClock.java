package dev.latchkey.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in tests: real time plus an offset, never going backwards.
 * Tests move time forward (past a grace period, past an expiry) instead of sleeping, and
 * can hold it still while they count something that refills with time.
 */
public final class MutableClock extends Clock {

	private Duration offset = Duration.ZERO;

	private Instant paused;

	public synchronized void advance(Duration duration) {
		if (this.paused != null) {
			this.paused = this.paused.plus(duration);
		}
		else {
			this.offset = this.offset.plus(duration);
		}
	}

	/** Holds time still until {@link #resume()}; advancing still moves it. */
	public synchronized void pause() {
		this.paused = instant();
	}

	/** Lets time run on from where it was held. */
	public synchronized void resume() {
		if (this.paused != null) {
			this.offset = Duration.between(Instant.now(), this.paused);
			this.paused = null;
		}
	}

	@Override
	public synchronized Instant instant() {
		return (this.paused != null) ? this.paused : Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The application clock is always UTC");
	}

}
