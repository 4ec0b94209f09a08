package dev.latchkey.auth;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A user proved who they are and a session was opened for them. */
public record LoginSucceeded(UUID userId, UUID sessionId, @Nullable String ip) {
}
