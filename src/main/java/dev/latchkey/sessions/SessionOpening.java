package dev.latchkey.sessions;

import java.time.Instant;
import java.util.UUID;

import org.hibernate.id.uuid.UuidVersion7Strategy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The statement of a login's session, sent as SQL: the row inserted and the user's least
 * recently used live sessions beyond the cap ended, in one round trip. Every login runs
 * it, beside a 30 ms hash; through the JPA repository (persist, flush, then the cap's
 * update) it cost more of a login's request CPU than anything else but the account's
 * lookup. The id is a UUIDv7 from Hibernate's own generator, as the entity declares.
 */
@Component
class SessionOpening {

	/**
	 * The update does not see the row the same statement inserts (one snapshot), so it
	 * keeps {@code keep - 1} of the sessions that were live before: with the new one,
	 * {@code keep}. The caller holds the user's row lock: logins of one user take turns,
	 * and the cap is exact.
	 */
	static final String OPEN = """
			with opened as (
			    insert into sessions (id, user_id, created_at, last_used_at, expires_at, refresh_counter, rotated_at,
			                          user_agent, ip, auth_methods, second_factor_at)
			    values (:id, :userId, :now, :now, :expiresAt, 0, :now, :userAgent, :ip, :authMethods, :secondFactorAt)
			)
			update sessions set revoked_at = :now, revoked_reason = :reason
			where id in (
			    select id from sessions
			    where user_id = :userId and revoked_at is null and expires_at > :now
			    order by last_used_at desc, id desc
			    offset :keep - 1)""";

	private final JdbcClient jdbc;

	SessionOpening(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Opens a session of the user, with refresh counter 0, ending the user's least
	 * recently used live sessions beyond the newest {@code keep} (this one included).
	 * @return the new session's id and how many sessions the cap ended
	 */
	Opened open(UUID userId, ClientInfo client, SignInFactors factors, Instant now, Instant expiresAt, int keep,
			String reason) {
		UUID id = UuidVersion7Strategy.INSTANCE.generateUuid(null);
		int evicted = this.jdbc.sql(OPEN)
			.param("id", id)
			.param("userId", userId)
			.param("now", RefreshChains.utc(now))
			.param("expiresAt", RefreshChains.utc(expiresAt))
			.param("userAgent", client.userAgent())
			.param("ip", client.ip())
			.param("authMethods", factors.column())
			.param("secondFactorAt",
					(factors.secondFactorAt() != null) ? RefreshChains.utc(factors.secondFactorAt()) : null)
			.param("reason", reason)
			.param("keep", keep)
			.update();
		return new Opened(id, evicted);
	}

	record Opened(UUID id, int evicted) {
	}

}
