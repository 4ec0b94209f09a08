package dev.latchkey.users;

import java.util.UUID;

/**
 * What {@link UserResponse} shows of an account changed (its name, address or verified
 * state), in the transaction that changed it: whoever keeps a copy drops it.
 */
public record AccountUpdated(UUID userId) {
}
