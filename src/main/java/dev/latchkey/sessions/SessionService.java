package dev.latchkey.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.latchkey.users.UserResponse;
import dev.latchkey.users.PasswordChanged;
import dev.latchkey.sessions.RefreshChains.LockedSession;

/**
 * Sessions and their refresh chains in PostgreSQL: opening one at login, rotating its
 * refresh token, listing and ending them. Every operation stays correct when requests
 * race, on one instance or several.
 */
@Service
public class SessionService {

	/**
	 * The nil UUID, which no session has: "except this one" for when none is to be kept.
	 */
	private static final UUID NO_SESSION = new UUID(0, 0);

	private final SessionRepository sessions;

	private final RefreshTokenCodec refreshTokens;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final SessionCache cache;

	private final RefreshChains refreshChains;

	private final SessionOpening opening;

	private final RefreshTransaction refreshTransaction;

	private final Duration refreshTokenLifetime;

	private final Duration sessionMaxAge;

	private final Duration reuseGrace;

	private final int maxSessionsPerUser;

	SessionService(SessionRepository sessions, RefreshTokenCodec refreshTokens, Clock clock,
			ApplicationEventPublisher events, SessionCache cache, RefreshChains refreshChains, SessionOpening opening,
			RefreshTransaction refreshTransaction, SessionSettings settings) {
		this.sessions = sessions;
		this.refreshTokens = refreshTokens;
		this.clock = clock;
		this.events = events;
		this.cache = cache;
		this.refreshChains = refreshChains;
		this.opening = opening;
		this.refreshTransaction = refreshTransaction;
		this.refreshTokenLifetime = settings.refreshTokenLifetime();
		this.sessionMaxAge = settings.maxAge();
		this.reuseGrace = settings.refreshReuseGrace();
		this.maxSessionsPerUser = settings.maxSessionsPerUser();
	}

	/**
	 * Opens a session for a user who has just proved who they are, with its first refresh
	 * token, and ends the user's least recently used sessions beyond
	 * MAX_SESSIONS_PER_USER. Runs in the caller's transaction, which holds the user's row
	 * lock, so that logins of one user take turns.
	 * @param factors how the user proved who they are, kept with the session
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public IssuedRefreshToken open(UUID userId, ClientInfo client, SignInFactors factors) {
		Instant now = now();
		Instant expiresAt = expiry(now, now);
		SessionOpening.Opened opened = this.opening.open(userId, client, factors, now, expiresAt,
				this.maxSessionsPerUser, RevocationReason.SESSION_LIMIT.value());
		if (opened.evicted() > 0) {
			this.events.publishEvent(new SessionsRevoked(userId, opened.evicted(), RevocationReason.SESSION_LIMIT));
		}
		return issued(opened.id(), 0, expiresAt);
	}

	/**
	 * The refresh token a client presented, if this service made it: the only place its
	 * MAC is checked.
	 * @throws RefreshTokenRejected.Missing when there is none
	 * @throws RefreshTokenRejected.Invalid when it is not a token this service made
	 */
	public PresentedRefreshToken authenticate(@Nullable String presentedToken) {
		if (presentedToken == null || presentedToken.isEmpty()) {
			throw new RefreshTokenRejected.Missing();
		}
		return this.refreshTokens.decode(presentedToken)
			.map((presented) -> new PresentedRefreshToken(presented.sessionId(), presented.counter()))
			.orElseThrow(RefreshTokenRejected.Invalid::new);
	}

	/**
	 * The session a refresh of this token would refresh, read without a lock: what the
	 * per-session refresh limit counts. Empty when the refresh would be refused, so that
	 * a refused refresh (reuse above all) is never hidden behind the limit.
	 */
	public Optional<UUID> refreshableSession(PresentedRefreshToken presented) {
		return this.sessions.findById(presented.sessionId())
			.filter((session) -> RotationPolicy.judge(session.chain(), presented.counter(), now(), this.reuseGrace)
				.refreshes())
			.map(Session::id);
	}

	/**
	 * Exchanges a presented refresh token for its session's current one, in one
	 * transaction of its own ({@link RefreshTransaction}): the session's row is locked,
	 * the token judged by {@link RotationPolicy}, the user checked and the counter
	 * advanced. Hands out the successor already issued to a token spent within the grace
	 * period; no successor outlives SESSION_MAX_AGE_DAYS after the login.
	 * <p>
	 * A refusal is thrown, and what it caused is committed before it reaches the caller:
	 * a reused token ends its session for every holder, and a session whose user is no
	 * longer active ends with it, so nothing a second transaction would have to undo is
	 * ever committed.
	 * @throws RefreshTokenRejected.Reused when a spent token comes back after the grace
	 * period
	 * @throws RefreshTokenRejected.Expired when the session has expired
	 * @throws RefreshTokenRejected.Invalid when the session is gone or ended, or its user
	 * disabled or deleted
	 */
	public Refreshed refresh(PresentedRefreshToken presented, ClientInfo client) {
		return this.refreshTransaction.run(() -> rotate(presented, client));
	}

	private Refreshed rotate(PresentedRefreshToken presented, ClientInfo client) {
		LockedSession session = this.refreshChains.lock(presented.sessionId())
			.orElseThrow(RefreshTokenRejected.Invalid::new);
		// Read the time only once the lock is held: a request that waited for it must not
		// judge the grace period by a moment before the winner advanced the counter.
		Instant now = now();
		RotationPolicy.Verdict verdict = RotationPolicy.judge(session.chain(), presented.counter(), now,
				this.reuseGrace);
		switch (verdict) {
			case REUSED -> {
				end(session, now, RevocationReason.REFRESH_TOKEN_REUSED);
				this.events.publishEvent(new RefreshTokenReused(session.userId(), session.id()));
				throw new RefreshTokenRejected.Reused();
			}
			case EXPIRED -> throw new RefreshTokenRejected.Expired();
			case INVALID -> throw new RefreshTokenRejected.Invalid();
			case ROTATE, SHARE_SUCCESSOR -> {
				// Refreshes, if its user still may.
			}
		}
		if (!session.user().isActive()) {
			// Disabled since the session began (a deleted user's sessions are gone with
			// it):
			// the session ends with it.
			end(session, now, RevocationReason.ACCOUNT_DISABLED);
			throw new RefreshTokenRejected.Invalid();
		}
		IssuedRefreshToken successor;
		if (verdict == RotationPolicy.Verdict.ROTATE) {
			Instant expiresAt = this.refreshChains.rotate(session, now, expiry(session.createdAt(), now), client);
			successor = issued(session.id(), session.chain().counter() + 1, expiresAt);
		}
		else {
			this.refreshChains.used(session, now, client);
			successor = issued(session.id(), session.chain().counter(), session.chain().expiresAt());
		}
		return new Refreshed(session.user(), successor, session.factors());
	}

	/** Revokes the locked session unless it has ended already, and says so. */
	private void end(LockedSession session, Instant now, RevocationReason reason) {
		if (!session.chain().revoked()) {
			revoke(session.userId(), session.id(), now, reason);
		}
	}

	/** Ends the session an authentic refresh token names, if it is still live. */
	@Transactional
	public void revokeByToken(String presentedToken, RevocationReason reason) {
		this.refreshTokens.decode(presentedToken)
			.flatMap((presented) -> this.sessions.findById(presented.sessionId()))
			.ifPresent((session) -> revoke(session.userId(), session.id(), reason));
	}

	/**
	 * Ends one live session of the user; false when there is no such session of theirs.
	 */
	@Transactional
	public boolean revoke(UUID userId, UUID sessionId, RevocationReason reason) {
		return revoke(userId, sessionId, now(), reason);
	}

	private boolean revoke(UUID userId, UUID sessionId, Instant now, RevocationReason reason) {
		boolean revoked = this.refreshChains.revoke(sessionId, userId, now, reason.value());
		if (revoked) {
			this.events.publishEvent(new SessionsRevoked(userId, 1, reason));
		}
		return revoked;
	}

	/** Ends every live session of the user; answers how many there were. */
	@Transactional
	public int revokeAll(UUID userId, RevocationReason reason) {
		return revokeAllExcept(userId, NO_SESSION, reason);
	}

	/**
	 * A changed password ends every other session of its user, in the transaction that
	 * changed it, so that no session the old password opened outlives the change.
	 */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void endSessionsOnPasswordChange(PasswordChanged changed) {
		UUID kept = (changed.keptSessionId() != null) ? changed.keptSessionId() : NO_SESSION;
		changed.recordSessionsEnded(revokeAllExcept(changed.userId(), kept, RevocationReason.PASSWORD_CHANGED));
	}

	private int revokeAllExcept(UUID userId, UUID keptSessionId, RevocationReason reason) {
		int revoked = this.sessions.revokeAllOfUserExcept(userId, keptSessionId, now(), reason.value());
		this.events.publishEvent(new SessionsRevoked(userId, revoked, reason));
		return revoked;
	}

	/**
	 * Records that the user of this live session has just proved a second factor again (a
	 * step-up).
	 * @return false when the session has ended
	 */
	@Transactional
	public boolean recordSecondFactor(UUID sessionId, UUID userId) {
		this.cache.evictUserAfterCompletion(userId);
		return this.sessions.recordSecondFactor(sessionId, userId, now()) == 1;
	}

	/**
	 * The session an access token names, with its user, while that session is live and
	 * the user active: the check that makes revocation immediate. It runs on every
	 * authenticated request, so it is answered from this instance's {@link SessionCache}
	 * while that may answer, and otherwise with one query and no transaction (a read-only
	 * transaction would add a round trip for its COMMIT, and a second query for the user
	 * another).
	 */
	public Optional<LiveSession> liveSession(UUID sessionId, UUID userId) {
		Instant now = now();
		return this.cache.find(sessionId, userId, now, () -> this.sessions.findLiveSession(sessionId, userId, now));
	}

	/** The user's live sessions, most recently used first. */
	@Transactional(readOnly = true)
	public List<SessionResponse> listLive(UUID userId, UUID currentSessionId) {
		return this.sessions.findLive(userId, now())
			.stream()
			.map((session) -> new SessionResponse(session.id(), session.createdAt(), session.lastUsedAt(),
					session.expiresAt(), session.userAgent(), session.ip(), session.id().equals(currentSessionId)))
			.toList();
	}

	/** The refresh token of the session's current counter, which it hands out. */
	private IssuedRefreshToken issued(UUID sessionId, long counter, Instant expiresAt) {
		return new IssuedRefreshToken(sessionId, this.refreshTokens.encode(sessionId, counter), expiresAt);
	}

	/**
	 * When a token issued now expires: REFRESH_TOKEN_EXPIRE_DAYS from now, but never past
	 * SESSION_MAX_AGE_DAYS after the login.
	 */
	private Instant expiry(Instant sessionCreatedAt, Instant now) {
		Instant byLifetime = now.plus(this.refreshTokenLifetime);
		Instant byMaxAge = sessionCreatedAt.plus(this.sessionMaxAge);
		return (byLifetime.isBefore(byMaxAge) ? byLifetime : byMaxAge).truncatedTo(ChronoUnit.SECONDS);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** A refresh token's value, shown to nobody but the cookie it is written to. */
	public record IssuedRefreshToken(UUID sessionId, String value, Instant expiresAt) {

		@Override
		public String toString() {
			return "IssuedRefreshToken[sessionId=" + this.sessionId + ", expiresAt=" + this.expiresAt + "]";
		}

	}

	/**
	 * A refresh that succeeded.
	 *
	 * @param user the session's user, active when it was checked under the session's lock
	 * @param factors how the session's sign-in was proved, for the new access token
	 */
	public record Refreshed(UserResponse user, IssuedRefreshToken refreshToken, SignInFactors factors) {
	}

}
