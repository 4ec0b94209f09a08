package dev.latchkey.users;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A user as clients see it: never a password hash, never a token. */
public record UserResponse(UUID id, String email, @Nullable String fullName, boolean isActive, Instant createdAt) {
}
