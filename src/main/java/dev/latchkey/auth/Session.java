package dev.latchkey.auth;

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
 * logout-all, by reuse of a spent refresh token, or by expiry. Revocation marks the row,
 * so the access tokens that name this session are refused from that moment; cleanup
 * deletes it later.
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

	private @Nullable Instant revokedAt;

	private @Nullable String revokedReason;

	private @Nullable String userAgent;

	private @Nullable String ip;

	protected Session() {
		this.userId = new UUID(0, 0);
		this.createdAt = Instant.EPOCH;
		this.lastUsedAt = Instant.EPOCH;
		this.expiresAt = Instant.EPOCH;
	}

	Session(UUID userId, ClientInfo client, Instant now, Instant expiresAt) {
		this.userId = userId;
		this.createdAt = now;
		this.lastUsedAt = now;
		this.expiresAt = expiresAt;
		this.userAgent = client.userAgent();
		this.ip = client.ip();
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

	boolean isRevoked() {
		return this.revokedAt != null;
	}

	void refreshed(Instant now, Instant newExpiry, ClientInfo client) {
		this.lastUsedAt = now;
		if (newExpiry.isAfter(this.expiresAt)) {
			this.expiresAt = newExpiry;
		}
		this.userAgent = client.userAgent();
		this.ip = client.ip();
	}

	void revoke(Instant now, RevocationReason reason) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
			this.revokedReason = reason.value();
		}
	}

}
