package dev.latchkey.auth;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One refresh token of a session, known only by the SHA-256 digest of its value. A
 * rotation spends it; a spent token stays on record until it expires, so that presenting
 * it again can be recognised as reuse.
 */
@Entity
@Table(name = "refresh_tokens")
class RefreshToken {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "session_id")
	private Session session;

	private byte[] tokenDigest;

	private Instant createdAt;

	private Instant expiresAt;

	private @Nullable Instant spentAt;

	protected RefreshToken() {
		this.session = new Session();
		this.tokenDigest = new byte[0];
		this.createdAt = Instant.EPOCH;
		this.expiresAt = Instant.EPOCH;
	}

	RefreshToken(Session session, byte[] tokenDigest, Instant now, Instant expiresAt) {
		this.session = session;
		this.tokenDigest = tokenDigest;
		this.createdAt = now;
		this.expiresAt = expiresAt;
	}

	Session session() {
		return this.session;
	}

	Instant expiresAt() {
		return this.expiresAt;
	}

	@Nullable Instant spentAt() {
		return this.spentAt;
	}

	void spend(Instant now) {
		this.spentAt = now;
	}

}
