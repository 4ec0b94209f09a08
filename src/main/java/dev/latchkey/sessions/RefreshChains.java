package dev.latchkey.sessions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.latchkey.users.UserResponse;

/**
 * The statements of a refresh, sent as SQL: the session's row locked and read with its
 * user in one query, then its chain advanced, or the session ended when a spent token
 * comes back. A refresh is the busiest write of the service, and going through the JPA
 * repository and the entity's dirty checking cost it more CPU than everything else it
 * does (measured with JFR under bench/run's refresh load: two fifths of the request).
 * These statements run in the caller's transaction, whose connection JdbcClient shares,
 * and they are the ones bench/run's refresh ceiling sends.
 * <p>
 * Like {@link SessionRepository#findLiveSession}, the lock reads the users table of the
 * users module itself, and only what {@link UserResponse}, that module's public view,
 * holds: one round trip instead of two.
 */
@Component
class RefreshChains {

	static final String LOCK = """
			select s.user_id, s.created_at, s.expires_at, s.refresh_counter, s.rotated_at, s.revoked_at,
				s.auth_methods, s.second_factor_at, u.email, u.full_name, u.is_active, u.is_verified,
				u.created_at as user_created_at
			from sessions s join users u on u.id = s.user_id
			where s.id = ?
			for no key update of s""";

	static final String ROTATE = """
			update sessions set refresh_counter = ?, rotated_at = ?, expires_at = ?, last_used_at = ?,
				user_agent = ?, ip = ?
			where id = ?""";

	static final String USE = "update sessions set last_used_at = ?, user_agent = ?, ip = ? where id = ?";

	private static final String REVOKE = """
			update sessions set revoked_at = ?, revoked_reason = ?
			where id = ? and user_id = ? and revoked_at is null and expires_at > ?""";

	private final JdbcClient jdbc;

	RefreshChains(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The session with its user, its row locked until the transaction ends: concurrent
	 * refreshes of one session, on any instance, take turns, so each judges the counter
	 * the previous one left; a revocation waits for the rotation holding the lock, and
	 * the reverse. The user's row is read, not locked: disabling a user ends the
	 * sessions, which takes this lock.
	 */
	Optional<LockedSession> lock(UUID sessionId) {
		return this.jdbc.sql(LOCK)
			.param(sessionId)
			.query((rows, number) -> LockedSession.read(sessionId, rows))
			.optional();
	}

	/**
	 * Spends the current refresh token: its successor's counter becomes current.
	 * @return when the successor expires: {@code newExpiry}, unless the session already
	 * lasts longer
	 */
	Instant rotate(LockedSession session, Instant now, Instant newExpiry, ClientInfo client) {
		Instant expiresAt = newExpiry.isAfter(session.chain().expiresAt()) ? newExpiry : session.chain().expiresAt();
		this.jdbc.sql(ROTATE)
			.param(session.chain().counter() + 1)
			.param(utc(now))
			.param(utc(expiresAt))
			.param(utc(now))
			.param(client.userAgent())
			.param(client.ip())
			.param(session.id())
			.update();
		return expiresAt;
	}

	/** Records a use of the session by the device, as the session list shows it. */
	void used(LockedSession session, Instant now, ClientInfo client) {
		this.jdbc.sql(USE).param(utc(now)).param(client.userAgent()).param(client.ip()).param(session.id()).update();
	}

	/**
	 * Ends one live session of the user: a reused token's, or one its user signs out. SQL
	 * like the rest, so that it runs in the refresh's JDBC transaction as well as in a
	 * JPA one.
	 * @return false when the session is not the user's, or has ended or expired
	 */
	boolean revoke(UUID sessionId, UUID userId, Instant now, String reason) {
		return this.jdbc.sql(REVOKE)
			.param(utc(now))
			.param(reason)
			.param(sessionId)
			.param(userId)
			.param(utc(now))
			.update() > 0;
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * A session under its row lock, with its user as it was read under that lock.
	 */
	record LockedSession(UUID id, UUID userId, Instant createdAt, RotationPolicy.Chain chain, SignInFactors factors,
			UserResponse user) {

		private static LockedSession read(UUID id, ResultSet rows) throws SQLException {
			UUID userId = rows.getObject("user_id", UUID.class);
			Instant createdAt = instant(rows, "created_at");
			RotationPolicy.Chain chain = new RotationPolicy.Chain(rows.getLong("refresh_counter"),
					instant(rows, "rotated_at"), rows.getObject("revoked_at") != null, instant(rows, "expires_at"));
			SignInFactors factors = SignInFactors.of(rows.getString("auth_methods"), createdAt,
					nullableInstant(rows, "second_factor_at"));
			UserResponse user = new UserResponse(userId, rows.getString("email"), rows.getString("full_name"),
					rows.getBoolean("is_active"), rows.getBoolean("is_verified"), instant(rows, "user_created_at"));
			return new LockedSession(id, userId, createdAt, chain, factors, user);
		}

		private static Instant instant(ResultSet rows, String column) throws SQLException {
			Instant value = nullableInstant(rows, column);
			if (value == null) {
				throw new IllegalStateException(column + " is null");
			}
			return value;
		}

		private static @Nullable Instant nullableInstant(ResultSet rows, String column) throws SQLException {
			OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
			return (value != null) ? value.toInstant() : null;
		}

	}

}
