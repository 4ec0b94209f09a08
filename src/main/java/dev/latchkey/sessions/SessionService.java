package dev.latchkey.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.latchkey.config.LatchkeyProperties;
import dev.latchkey.users.UserResponse;
import dev.latchkey.users.PasswordChanged;

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

	private final Duration refreshTokenLifetime;

	private final Duration sessionMaxAge;

	private final Duration reuseGrace;

	private final int maxSessionsPerUser;

	SessionService(SessionRepository sessions, RefreshTokenCodec refreshTokens, Clock clock,
			ApplicationEventPublisher events, LatchkeyProperties properties) {
		this.sessions = sessions;
		this.refreshTokens = refreshTokens;
		this.clock = clock;
		this.events = events;
		this.refreshTokenLifetime = properties.tokens().refreshTokenLifetime();
		this.sessionMaxAge = properties.tokens().sessionMaxAge();
		this.reuseGrace = properties.tokens().refreshReuseGrace();
		this.maxSessionsPerUser = properties.tokens().maxSessionsPerUser();
	}

	/**
	 * Opens a session for a user who has just proved who they are, with its first refresh
	 * token, and ends the user's least recently used sessions beyond
	 * MAX_SESSIONS_PER_USER. Runs in the caller's transaction, which holds the user's row
	 * lock, so that logins of one user take turns.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public IssuedRefreshToken open(UUID userId, ClientInfo client) {
		Instant now = now();
		Instant expiresAt = expiry(now, now);
		Session session = this.sessions.saveAndFlush(new Session(userId, client, now, expiresAt));
		int evicted = this.sessions.revokeLeastRecentlyUsedBeyond(userId, this.maxSessionsPerUser, now,
				RevocationReason.SESSION_LIMIT.value());
		if (evicted > 0) {
			this.events.publishEvent(new SessionsRevoked(userId, evicted, RevocationReason.SESSION_LIMIT));
		}
		return issued(session);
	}

	/**
	 * Judges the presented refresh token by {@link RotationPolicy} under the session's
	 * row lock and acts on the verdict: rotates, hands out the successor already issued,
	 * or ends the session on reuse. A session whose user is no longer active (asked of
	 * {@code activeUser} under the lock) is ended instead of refreshed. Refusals are
	 * answered as a result, not thrown, so that a revocation they cause is committed
	 * although the request fails. No successor outlives SESSION_MAX_AGE_DAYS after the
	 * login.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Rotation rotate(String presentedToken, ClientInfo client,
			Function<UUID, Optional<UserResponse>> activeUser) {
		Optional<RefreshTokenCodec.Presented> presented = this.refreshTokens.decode(presentedToken);
		if (presented.isEmpty()) {
			return new Rotation.Rejected(new RefreshTokenRejected.Invalid());
		}
		Optional<Session> found = this.sessions.findByIdForUpdate(presented.get().sessionId());
		if (found.isEmpty()) {
			return new Rotation.Rejected(new RefreshTokenRejected.Invalid());
		}
		Session session = found.get();
		// Read the time only once the lock is held: a request that waited for it must not
		// judge the grace period by a moment before the winner advanced the counter.
		Instant now = now();
		RotationPolicy.Verdict verdict = RotationPolicy.judge(session.chain(), presented.get().counter(), now,
				this.reuseGrace);
		if (!verdict.refreshes()) {
			return refused(session, verdict, now);
		}
		Optional<UserResponse> user = activeUser.apply(session.userId());
		if (user.isEmpty()) {
			// Disabled or deleted since the session began: the session ends with it.
			end(session, now, RevocationReason.ACCOUNT_DISABLED);
			return new Rotation.Rejected(new RefreshTokenRejected.Invalid());
		}
		if (verdict == RotationPolicy.Verdict.ROTATE) {
			session.rotate(now, expiry(session.createdAt(), now), client);
		}
		else {
			session.used(now, client);
		}
		return new Rotation.Rotated(user.get(), issued(session));
	}

	private Rotation.Rejected refused(Session session, RotationPolicy.Verdict verdict, Instant now) {
		return switch (verdict) {
			case REUSED -> {
				end(session, now, RevocationReason.REFRESH_TOKEN_REUSED);
				this.events.publishEvent(new RefreshTokenReused(session.userId(), session.id()));
				yield new Rotation.Rejected(new RefreshTokenRejected.Reused());
			}
			case EXPIRED -> new Rotation.Rejected(new RefreshTokenRejected.Expired());
			case INVALID, ROTATE, SHARE_SUCCESSOR -> new Rotation.Rejected(new RefreshTokenRejected.Invalid());
		};
	}

	/** Revokes the locked session unless it has ended already, and says so. */
	private void end(Session session, Instant now, RevocationReason reason) {
		if (!session.isRevoked()) {
			session.revoke(now, reason);
			this.events.publishEvent(new SessionsRevoked(session.userId(), 1, reason));
		}
	}

	/**
	 * The session a refresh of this token would refresh, read without a lock: what the
	 * per-session refresh limit counts. Empty when the refresh would be refused, so that
	 * a refused refresh (reuse above all) is never hidden behind the limit.
	 */
	public Optional<UUID> refreshableSession(String presentedToken) {
		return this.refreshTokens.decode(presentedToken)
			.flatMap((presented) -> this.sessions.findById(presented.sessionId())
				.filter((session) -> RotationPolicy.judge(session.chain(), presented.counter(), now(), this.reuseGrace)
					.refreshes())
				.map(Session::id));
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
		boolean revoked = this.sessions.revoke(sessionId, userId, now(), reason.value()) > 0;
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
	 * The user of the session an access token names, while that session is live and the
	 * user active: the check that makes revocation immediate. It runs on every
	 * authenticated request, so it is one query and no transaction (a read-only
	 * transaction would add a round trip for its COMMIT, and a second query for the user
	 * another).
	 */
	public Optional<UserResponse> liveUser(UUID sessionId, UUID userId) {
		return this.sessions.findLiveUser(sessionId, userId, now());
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
	private IssuedRefreshToken issued(Session session) {
		return new IssuedRefreshToken(session.id(), this.refreshTokens.encode(session.id(), session.refreshCounter()),
				session.expiresAt());
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

	public sealed interface Rotation {

		record Rotated(UserResponse user, IssuedRefreshToken refreshToken) implements Rotation {
		}

		record Rejected(RefreshTokenRejected reason) implements Rotation {
		}

	}

}
