package dev.latchkey.users;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A user as clients see it: never a password hash, never a token. */
public record UserResponse(UUID id, String email, @Nullable String fullName, boolean isActive, boolean isVerified,
		Instant createdAt) {

	/**
	 * Leaves the email and the name out: Spring MVC logs response bodies through
	 * toString() at DEBUG, and so may anything that logs a {@link CurrentUser}.
	 */
	@Override
	public String toString() {
		return "UserResponse[id=" + this.id + ", isActive=" + this.isActive + ", isVerified=" + this.isVerified
				+ ", createdAt=" + this.createdAt + "]";
	}

}
