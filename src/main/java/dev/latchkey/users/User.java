package dev.latchkey.users;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.UuidGenerator;
import org.jspecify.annotations.Nullable;

/**
 * An account. Its email is stored trimmed and lower-cased, so one address has one
 * account.
 */
@Entity
@Table(name = "users")
class User {

	@Id
	@GeneratedValue
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	private @Nullable UUID id;

	private String email;

	private String passwordHash;

	private @Nullable String fullName;

	@Column(name = "is_active")
	private boolean active;

	@Column(name = "is_verified")
	private boolean verified;

	private Instant createdAt;

	private Instant updatedAt;

	/**
	 * Advances with every change of the password; see
	 * {@link UserService#confirmCredential}.
	 */
	private int credentialVersion;

	protected User() {
		this.email = "";
		this.passwordHash = "";
		this.createdAt = Instant.EPOCH;
		this.updatedAt = Instant.EPOCH;
	}

	User(String email, String passwordHash, @Nullable String fullName, Instant now) {
		this.email = email;
		this.passwordHash = passwordHash;
		this.fullName = fullName;
		this.active = true;
		this.createdAt = now;
		this.updatedAt = now;
	}

	UUID id() {
		if (this.id == null) {
			throw new IllegalStateException("User has not been saved yet");
		}
		return this.id;
	}

	String email() {
		return this.email;
	}

	String passwordHash() {
		return this.passwordHash;
	}

	boolean active() {
		return this.active;
	}

	int credentialVersion() {
		return this.credentialVersion;
	}

	void rename(@Nullable String fullName, Instant now) {
		this.fullName = fullName;
		this.updatedAt = now;
	}

	void markVerified(Instant now) {
		if (!this.verified) {
			this.verified = true;
			this.updatedAt = now;
		}
	}

	UserResponse toResponse() {
		return new UserResponse(id(), this.email, this.fullName, this.active, this.verified, this.createdAt);
	}

}
