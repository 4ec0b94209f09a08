package dev.latchkey.sessions;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.latchkey.sessions.RotationPolicy.Chain;
import dev.latchkey.sessions.RotationPolicy.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/** The rotation rules, one case each, without a database. */
class RotationPolicyTest {

	private static final Duration GRACE = Duration.ofSeconds(10);

	private static final Instant ROTATED_AT = Instant.parse("2026-12-01T12:00:00Z");

	private static final Instant EXPIRES_AT = ROTATED_AT.plus(Duration.ofDays(7));

	private static final Chain LIVE = new Chain(5, ROTATED_AT, false, EXPIRES_AT);

	private static final Chain REVOKED = new Chain(5, ROTATED_AT, true, EXPIRES_AT);

	@Test
	@DisplayName("the current counter rotates")
	void judgeWhenCurrentCounterThenRotate() {
		assertThat(RotationPolicy.judge(LIVE, 5, ROTATED_AT.plusSeconds(60), GRACE)).isEqualTo(Verdict.ROTATE);
	}

	@Test
	@DisplayName("the previous counter within the grace period is handed the successor already issued")
	void judgeWhenPreviousCounterWithinGraceThenShareSuccessor() {
		assertThat(RotationPolicy.judge(LIVE, 4, ROTATED_AT.plusSeconds(9), GRACE)).isEqualTo(Verdict.SHARE_SUCCESSOR);
	}

	@Test
	@DisplayName("the previous counter at the end of the grace period is reuse")
	void judgeWhenPreviousCounterAtEndOfGraceThenReused() {
		assertThat(RotationPolicy.judge(LIVE, 4, ROTATED_AT.plus(GRACE), GRACE)).isEqualTo(Verdict.REUSED);
	}

	@Test
	@DisplayName("a counter two behind is reuse, even within the grace period")
	void judgeWhenOlderCounterWithinGraceThenReused() {
		assertThat(RotationPolicy.judge(LIVE, 3, ROTATED_AT.plusSeconds(1), GRACE)).isEqualTo(Verdict.REUSED);
	}

	@Test
	@DisplayName("a clock behind the one that rotated never stretches the grace period")
	void judgeWhenClockBehindThenGraceCountsFromZero() {
		assertThat(RotationPolicy.judge(LIVE, 4, ROTATED_AT.minusSeconds(30), GRACE))
			.isEqualTo(Verdict.SHARE_SUCCESSOR);
		assertThat(RotationPolicy.judge(LIVE, 4, ROTATED_AT.minusSeconds(30), Duration.ZERO))
			.as("a grace of zero allows no replay")
			.isEqualTo(Verdict.REUSED);
	}

	@Test
	@DisplayName("a counter ahead of the session's was never issued")
	void judgeWhenCounterAheadThenInvalid() {
		assertThat(RotationPolicy.judge(LIVE, 6, ROTATED_AT, GRACE)).isEqualTo(Verdict.INVALID);
	}

	@Test
	@DisplayName("an expired session answers expired for its current token, and for a spent one")
	void judgeWhenExpiredThenExpired() {
		assertThat(RotationPolicy.judge(LIVE, 5, EXPIRES_AT, GRACE)).isEqualTo(Verdict.EXPIRED);
		assertThat(RotationPolicy.judge(LIVE, 2, EXPIRES_AT.plusSeconds(1), GRACE)).isEqualTo(Verdict.EXPIRED);
	}

	@Test
	@DisplayName("a revoked session refreshes nothing: its current and its grace-period tokens are invalid")
	void judgeWhenRevokedThenCurrentAndGraceTokensInvalid() {
		assertThat(RotationPolicy.judge(REVOKED, 5, ROTATED_AT.plusSeconds(60), GRACE)).isEqualTo(Verdict.INVALID);
		assertThat(RotationPolicy.judge(REVOKED, 4, ROTATED_AT.plusSeconds(1), GRACE)).isEqualTo(Verdict.INVALID);
	}

	@Test
	@DisplayName("a revoked session still recognises a spent token as reuse, even after it has expired")
	void judgeWhenRevokedAndSpentTokenThenReused() {
		assertThat(RotationPolicy.judge(REVOKED, 4, ROTATED_AT.plusSeconds(60), GRACE)).isEqualTo(Verdict.REUSED);
		assertThat(RotationPolicy.judge(REVOKED, 0, EXPIRES_AT.plusSeconds(1), GRACE)).isEqualTo(Verdict.REUSED);
	}

}
