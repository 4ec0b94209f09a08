package dev.latchkey.users;

import java.util.UUID;

/** An account was created. */
public record UserRegistered(UUID userId) {
}
