package dev.latchkey.sessions;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.UuidGenerator;
import org.jspecify.annotations.Nullable;

/**
 * One signed-in device: opened by a login, kept alive by refreshes, ended by logout, by
 * logout-all, by reuse of a spent refresh token, by the cap on sessions per user, or by
 * expiry. Revocation marks the row, so the access tokens that name this session are
 * refused from that moment; the row stays until the session's last refresh token would
 * have expired, so that a spent token presented until then is still recognised as reuse.
 * The row also holds the session's refresh chain: which counter rotates now and when it
 * last advanced (see {@link RotationPolicy}).
 */
@Entity
@Table(name = "sessions")
@DynamicUpdate
class Session {

	@Id
	@GeneratedValue
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private @Nullable UUID id;

	private UUID userId;

	private Instant createdAt;

	private Instant lastUsedAt;

	/**
	 * When the newest refresh token of this session expires; the session ends then unless
	 * refreshed.
	 */
	private Instant expiresAt;

	private long refreshCounter;

	private Instant rotatedAt;

	private @Nullable Instant revokedAt;

	private @Nullable String revokedReason;

	private @Nullable String userAgent;

	private @Nullable String ip;

	/** The session's {@link SignInFactors#methods()}, space-separated. */
	private String authMethods = SignInFactors.PASSWORD;

	private @Nullable Instant secondFactorAt;

	protected Session() {
		this.userId = new UUID(0, 0);
		this.createdAt = Instant.EPOCH;
		this.lastUsedAt = Instant.EPOCH;
		this.expiresAt = Instant.EPOCH;
		this.rotatedAt = Instant.EPOCH;
	}

	UUID id() {
		if (this.id == null) {
			throw new IllegalStateException("Session has not been saved yet");
		}
		return this.id;
	}

	UUID userId() {
		return this.userId;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	SignInFactors factors() {
		return SignInFactors.of(this.authMethods, this.createdAt, this.secondFactorAt);
	}

	Instant lastUsedAt() {
		return this.lastUsedAt;
	}

	Instant expiresAt() {
		return this.expiresAt;
	}

	@Nullable String userAgent() {
		return this.userAgent;
	}

	@Nullable String ip() {
		return this.ip;
	}

	long refreshCounter() {
		return this.refreshCounter;
	}

	boolean isRevoked() {
		return this.revokedAt != null;
	}

	RotationPolicy.Chain chain() {
		return new RotationPolicy.Chain(this.refreshCounter, this.rotatedAt, isRevoked(), this.expiresAt);
	}

}
