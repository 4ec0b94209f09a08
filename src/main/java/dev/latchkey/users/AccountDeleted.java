package dev.latchkey.users;

import java.util.UUID;

/** An account was deleted, and its sessions with it. */
public record AccountDeleted(UUID userId) {
}
