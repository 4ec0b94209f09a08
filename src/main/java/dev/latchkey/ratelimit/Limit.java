package dev.latchkey.ratelimit;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

import dev.latchkey.config.InvalidConfiguration;

import static dev.latchkey.config.InvalidConfiguration.require;

/** At most {@code count} events per {@code period}, refilled gradually. */
public record Limit(int count, Duration period) {

	public Limit {
		require(count >= 1 && period.isPositive(), "A rate limit needs a positive count and period.");
	}

	/**
	 * Reads {@code 10/15m}, {@code 60/1h} or {@code 5/30s}: a positive count, a slash and
	 * a positive period.
	 * @param variable the setting's name, for the refusal
	 * @throws InvalidConfiguration naming the variable, for anything else
	 */
	public static Limit parse(String variable, String text) {
		String[] parts = text.strip().split("/", 2);
		try {
			Limit limit = new Limit(Integer.parseInt(parts[0].strip()), DurationStyle.SIMPLE.parse(parts[1].strip()));
			if (limit.count() >= 1 && limit.period().isPositive()) {
				return limit;
			}
		}
		catch (RuntimeException ex) {
			// Refused below, with the variable's name.
		}
		throw new InvalidConfiguration(variable + " must look like 10/15m (a positive count, a slash and a "
				+ "period in s, m, h or d); got '" + text + "'.");
	}

	@Override
	public String toString() {
		return this.count + "/" + this.period;
	}

}
