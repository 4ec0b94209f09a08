package dev.latchkey.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.latchkey.config.LatchkeyProperties;
import dev.latchkey.observability.SecurityEvents;
import dev.latchkey.users.UserResponse;
import dev.latchkey.users.UserSessions;

/**
 * Sessions and their refresh tokens in PostgreSQL: opening one at login, rotating its
 * refresh token, listing and ending them. Every operation is one transaction that stays
 * correct when requests race, on one instance or several.
 */
@Service
class SessionService implements UserSessions {

	/**
	 * The nil UUID, which no session has: "except this one" for when none is to be kept.
	 */
	private static final UUID NO_SESSION = new UUID(0, 0);

	private final SessionRepository sessions;

	private final RefreshTokenRepository refreshTokens;

	private final EntityManager entityManager;

	private final RefreshTokenGenerator generator;

	private final Clock clock;

	private final SecurityEvents events;

	private final Duration refreshTokenLifetime;

	private final Duration sessionMaxAge;

	private final Duration reuseGrace;

	SessionService(SessionRepository sessions, RefreshTokenRepository refreshTokens, EntityManager entityManager,
			RefreshTokenGenerator generator, Clock clock, SecurityEvents events, LatchkeyProperties properties) {
		this.sessions = sessions;
		this.refreshTokens = refreshTokens;
		this.entityManager = entityManager;
		this.generator = generator;
		this.clock = clock;
		this.events = events;
		this.refreshTokenLifetime = properties.tokens().refreshTokenLifetime();
		this.sessionMaxAge = properties.tokens().sessionMaxAge();
		this.reuseGrace = properties.tokens().refreshReuseGrace();
	}

	/**
	 * Opens a session for a user who has just proved who they are, with its first refresh
	 * token.
	 */
	@Transactional
	public IssuedRefreshToken open(UUID userId, ClientInfo client) {
		Instant now = now();
		Instant expiresAt = earliest(now.plus(this.refreshTokenLifetime), now.plus(this.sessionMaxAge));
		Session session = this.sessions.save(new Session(userId, client, now, expiresAt));
		return issue(session, now);
	}

	/**
	 * Spends the presented refresh token and issues its successor in the same session.
	 * <p>
	 * A token that was spent less than REFRESH_REUSE_GRACE_SECONDS ago still refreshes
	 * its session: that is several tabs of one browser refreshing at once, each with the
	 * cookie they all had. Presented later, a spent token means that somebody else holds
	 * a copy, so the whole session is revoked and {@link Rotation.Rejected} with
	 * {@code reused} is answered (RFC 9700, section 4.14.2). The revocation is committed
	 * even though the request fails, which is why this answers a result instead of
	 * throwing. No successor outlives SESSION_MAX_AGE_DAYS after the login.
	 */
	@Transactional
	public Rotation rotate(String presentedToken, ClientInfo client) {
		Optional<RefreshToken> found = this.refreshTokens
			.findByDigestForUpdate(RefreshTokenGenerator.digest(presentedToken));
		if (found.isEmpty()) {
			return new Rotation.Rejected(new RefreshTokenRejected.Invalid());
		}
		RefreshToken token = found.get();
		// The session row was read with the token but not locked: lock it and read it
		// again, so that a logout committed meanwhile is seen, and one arriving now waits
		// for this rotation instead of being overwritten by it. The lock is an explicit
		// statement: Hibernate takes the join-fetched session for locked already, so its
		// own lock and refresh-with-lock send nothing to the database.
		Session session = token.session();
		this.sessions.lockRow(session.id());
		this.entityManager.refresh(session);
		// Read the time only once the locks are held: a request that waited for them must
		// not judge the grace period by a moment before the winner spent the token.
		Instant now = now();
		Instant spentAt = token.spentAt();
		if (session.isRevoked()) {
			// A spent token replayed after the grace period is reuse even when its
			// session has already ended, for instance because a racing replay of the same
			// token ended it.
			boolean replayed = spentAt != null && !withinGrace(spentAt, now);
			return new Rotation.Rejected(
					replayed ? new RefreshTokenRejected.Reused() : new RefreshTokenRejected.Invalid());
		}
		if (!token.expiresAt().isAfter(now)) {
			return new Rotation.Rejected(new RefreshTokenRejected.Expired());
		}
		if (spentAt == null) {
			token.spend(now);
		}
		else if (!withinGrace(spentAt, now)) {
			session.revoke(now, RevocationReason.REFRESH_TOKEN_REUSED);
			this.events.refreshTokenReused(session.userId(), session.id());
			return new Rotation.Rejected(new RefreshTokenRejected.Reused());
		}
		IssuedRefreshToken successor = issue(session, now);
		session.refreshed(now, successor.expiresAt(), client);
		return new Rotation.Rotated(session.userId(), successor);
	}

	/** The session a refresh token belongs to, without locking or changing anything. */
	@Transactional(readOnly = true)
	public Optional<UUID> sessionOf(String presentedToken) {
		return this.refreshTokens.findSessionByDigest(RefreshTokenGenerator.digest(presentedToken)).map(Session::id);
	}

	/** Ends the session the token belongs to, if there is one. */
	@Transactional
	public void revokeByToken(String presentedToken, RevocationReason reason) {
		this.refreshTokens.findSessionByDigest(RefreshTokenGenerator.digest(presentedToken))
			.ifPresent((session) -> revoke(session.userId(), session.id(), reason));
	}

	/**
	 * Ends one live session of the user; false when there is no such session of theirs.
	 */
	@Transactional
	public boolean revoke(UUID userId, UUID sessionId, RevocationReason reason) {
		boolean revoked = this.sessions.revoke(sessionId, userId, now(), reason.value()) > 0;
		if (revoked) {
			this.events.sessionsRevoked(userId, 1, reason.value());
		}
		return revoked;
	}

	/** Ends every live session of the user; answers how many there were. */
	@Transactional
	public int revokeAll(UUID userId, RevocationReason reason) {
		return revokeAllExcept(userId, NO_SESSION, reason);
	}

	@Override
	@Transactional
	public int revokeAllExcept(UUID userId, UUID keptSessionId) {
		return revokeAllExcept(userId, keptSessionId, RevocationReason.PASSWORD_CHANGED);
	}

	private int revokeAllExcept(UUID userId, UUID keptSessionId, RevocationReason reason) {
		int revoked = this.sessions.revokeAllOfUserExcept(userId, keptSessionId, now(), reason.value());
		this.events.sessionsRevoked(userId, revoked, reason.value());
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

	private IssuedRefreshToken issue(Session session, Instant now) {
		String value = this.generator.generate();
		Instant expiresAt = earliest(now.plus(this.refreshTokenLifetime), session.createdAt().plus(this.sessionMaxAge))
			.truncatedTo(ChronoUnit.SECONDS);
		this.refreshTokens.save(new RefreshToken(session, RefreshTokenGenerator.digest(value), now, expiresAt));
		return new IssuedRefreshToken(session.id(), value, expiresAt);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * Whether a spent token is presented within the grace period. Another instance's
	 * clock may run a little behind the one that spent the token; a negative elapsed time
	 * counts as none, so skew can never stretch the grace period, and a grace of zero
	 * allows no reuse at all.
	 */
	private boolean withinGrace(Instant spentAt, Instant now) {
		Duration elapsed = Duration.between(spentAt, now);
		return (elapsed.isNegative() ? Duration.ZERO : elapsed).compareTo(this.reuseGrace) < 0;
	}

	private static Instant earliest(Instant first, Instant second) {
		return first.isBefore(second) ? first : second;
	}

	/** A refresh token's value, shown to nobody but the cookie it is written to. */
	record IssuedRefreshToken(UUID sessionId, String value, Instant expiresAt) {

		@Override
		public String toString() {
			return "IssuedRefreshToken[sessionId=" + this.sessionId + ", expiresAt=" + this.expiresAt + "]";
		}

	}

	sealed interface Rotation {

		record Rotated(UUID userId, IssuedRefreshToken refreshToken) implements Rotation {
		}

		record Rejected(RefreshTokenRejected reason) implements Rotation {
		}

	}

}
