package dev.latchkey.sessions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import dev.latchkey.users.UserResponse;

interface SessionRepository extends JpaRepository<Session, UUID> {

	/**
	 * A live session with its user, if that user is active: the whole check behind an
	 * access token in one query, which runs without a transaction of its own.
	 * <p>
	 * The users table (entity {@code User}) belongs to the users module; this is the one
	 * place where the sessions module reads it itself rather than asking UserService, and
	 * it reads only what {@link UserResponse}, the users module's public view, holds. It
	 * runs on every authenticated request, and one query instead of two doubled
	 * /users/me's throughput.
	 */
	@Query("""
			select new dev.latchkey.sessions.LiveSessionRow(u.id, u.email, u.fullName, u.active, u.verified,
				u.createdAt, s.createdAt, s.authMethods, s.secondFactorAt, s.expiresAt)
			from Session s join User u on u.id = s.userId
			where s.id = :id and s.userId = :userId and s.revokedAt is null and s.expiresAt > :now
				and u.active = true""")
	Optional<LiveSessionRow> findLiveSession(UUID id, UUID userId, Instant now);

	/** Records a second factor proved for a live session of this user, now. */
	@Modifying
	@Query("""
			update Session s set s.secondFactorAt = :now
			where s.id = :id and s.userId = :userId and s.revokedAt is null and s.expiresAt > :now""")
	int recordSecondFactor(UUID id, UUID userId, Instant now);

	@Query("""
			select s from Session s
			where s.userId = :userId and s.revokedAt is null and s.expiresAt > :now
			order by s.lastUsedAt desc""")
	List<Session> findLive(UUID userId, Instant now);

	@Modifying
	@Query("""
			update Session s set s.revokedAt = :now, s.revokedReason = :reason
			where s.userId = :userId and s.id <> :keep and s.revokedAt is null and s.expiresAt > :now""")
	int revokeAllOfUserExcept(UUID userId, UUID keep, Instant now, String reason);

	/**
	 * Up to {@code limit} sessions whose every refresh token had expired by {@code now},
	 * the longest expired first. A revoked session is kept until then: its row is what
	 * recognises a spent token of it as reuse. Rows another transaction holds (a refresh
	 * of a just-expired session) are skipped rather than waited for: a later round takes
	 * them.
	 */
	@Modifying
	@Query(value = """
			delete from sessions where id in (
			    select id from sessions where expires_at <= :now
			    order by expires_at limit :limit for update skip locked)""", nativeQuery = true)
	int deleteExpired(Instant now, int limit);

	/**
	 * Takes the cleanup lock for the current transaction, or answers false at once when
	 * another instance holds it: several instances may schedule cleanup, one does it at a
	 * time.
	 */
	@Query(value = "select pg_try_advisory_xact_lock(:key)", nativeQuery = true)
	boolean tryCleanupLock(long key);

}
