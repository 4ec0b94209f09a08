package dev.latchkey.sessions;

import java.time.Duration;
import java.time.Instant;

/**
 * The rules of refresh-token rotation, without the database: what a presented counter
 * means for its session, given the session's current counter and when it last advanced.
 * <ul>
 * <li>the current counter rotates: the counter advances and its successor is issued;</li>
 * <li>the previous counter, presented within the grace period after it was spent, is
 * handed that very successor: tabs of one browser racing with one cookie stay on one
 * chain;</li>
 * <li>any older counter, or the previous one after the grace period, is reuse: somebody
 * else holds a copy, so the session ends for every holder (RFC 9700, section
 * 4.14.2);</li>
 * <li>a revoked session refreshes nothing, but still recognises reuse, and an expired one
 * answers expired;</li>
 * <li>a counter ahead of the session's was never issued: invalid.</li>
 * </ul>
 */
final class RotationPolicy {

	private RotationPolicy() {
	}

	static Verdict judge(Chain chain, long presented, Instant now, Duration grace) {
		boolean previousWithinGrace = presented == chain.counter() - 1 && withinGrace(chain.rotatedAt(), now, grace);
		if (presented > chain.counter()) {
			return Verdict.INVALID;
		}
		boolean reused = presented < chain.counter() && !previousWithinGrace;
		if (chain.revoked()) {
			return reused ? Verdict.REUSED : Verdict.INVALID;
		}
		if (!chain.expiresAt().isAfter(now)) {
			return Verdict.EXPIRED;
		}
		if (reused) {
			return Verdict.REUSED;
		}
		return (presented == chain.counter()) ? Verdict.ROTATE : Verdict.SHARE_SUCCESSOR;
	}

	/**
	 * Whether a token spent at {@code spentAt} is presented within the grace period.
	 * Another instance's clock may run a little behind the one that spent it; a negative
	 * elapsed time counts as none, so skew never stretches the grace period, and a grace
	 * of zero allows no replay at all.
	 */
	private static boolean withinGrace(Instant spentAt, Instant now, Duration grace) {
		Duration elapsed = Duration.between(spentAt, now);
		return (elapsed.isNegative() ? Duration.ZERO : elapsed).compareTo(grace) < 0;
	}

	/**
	 * A session's refresh chain as stored.
	 *
	 * @param counter the counter of the one token that rotates now
	 * @param rotatedAt when the counter last advanced, which is when its predecessor was
	 * spent
	 * @param expiresAt when the current token expires, and the session with it
	 */
	record Chain(long counter, Instant rotatedAt, boolean revoked, Instant expiresAt) {
	}

	enum Verdict {

		/** Advance the counter and issue the successor. */
		ROTATE,

		/** Hand out the successor already issued, without advancing. */
		SHARE_SUCCESSOR,

		/** A spent token presented too late: end the session. */
		REUSED,

		EXPIRED,

		INVALID;

		/** Whether the presented token is exchanged for its session's current one. */
		boolean refreshes() {
			return this == ROTATE || this == SHARE_SUCCESSOR;
		}

	}

}
