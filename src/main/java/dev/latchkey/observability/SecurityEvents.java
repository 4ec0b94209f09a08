package dev.latchkey.observability;

import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The security events, each written once as a structured {@code key=value} log line (on
 * the {@code latchkey.security} logger) and counted for /metrics. Events carry ids,
 * reasons and client addresses: never a token, a password, a hash or an email.
 * <p>
 * Values often come from the request (headers, the path, the client address), so every
 * line is written through {@link EventLog}, which writes each value as it is or quoted
 * and escaped: a value can never add a field or a line. Keep the templates constant, with
 * every value in a {@code {}}.
 */
@Component
public class SecurityEvents {

	private static final EventLog log = new EventLog("latchkey.security");

	private final MeterRegistry meters;

	public SecurityEvents(MeterRegistry meters) {
		this.meters = meters;
	}

	public void loginSucceeded(UUID userId, UUID sessionId, @Nullable String ip) {
		this.meters.counter("latchkey.logins", "outcome", "success").increment();
		log.info("event=login_succeeded user_id={} session_id={} ip={}", userId, sessionId, ip);
	}

	/**
	 * @param reason the problem code the client got, such as invalid_credentials
	 */
	public void loginFailed(String reason, @Nullable String ip) {
		this.meters.counter("latchkey.logins", "outcome", reason).increment();
		log.info("event=login_failed reason={} ip={}", reason, ip);
	}

	/**
	 * @param outcome rotated, or the problem code of a refused refresh
	 */
	public void refreshed(String outcome) {
		this.meters.counter("latchkey.refreshes", "outcome", outcome).increment();
	}

	public void refreshTokenReused(UUID userId, UUID sessionId) {
		this.meters.counter("latchkey.refresh.reuse.detected").increment();
		log.warn("event=refresh_token_reused user_id={} session_id={}", userId, sessionId);
	}

	public void sessionsRevoked(UUID userId, int count, String reason) {
		this.meters.counter("latchkey.sessions.revoked", "reason", reason).increment(count);
		log.info("event=session_revoked user_id={} count={} reason={}", userId, count, reason);
	}

	public void userRegistered(UUID userId) {
		log.info("event=user_registered user_id={}", userId);
	}

	/**
	 * A password stored with weaker hashing parameters than today's was hashed again at
	 * login.
	 */
	public void passwordRehashed(UUID userId) {
		log.info("event=password_rehashed user_id={}", userId);
	}

	public void passwordChanged(UUID userId) {
		log.info("event=password_changed user_id={}", userId);
	}

	public void accountDeleted(UUID userId) {
		log.info("event=account_deleted user_id={}", userId);
	}

	public void crossOriginRequestRefused(String method, String path, @Nullable String origin,
			@Nullable String fetchSite) {
		this.meters.counter("latchkey.cross.origin.refused").increment();
		log.info("event=cross_origin_request_refused method={} path={} origin={} sec_fetch_site={}", method, path,
				origin, fetchSite);
	}

	public void rateLimited(String limit, @Nullable String ip) {
		this.meters.counter("latchkey.rate.limited", "limit", limit).increment();
		log.info("event=rate_limited limit={} ip={}", limit, ip);
	}

}
