package dev.latchkey.recovery;

import java.util.UUID;

/**
 * A signed-in user asked to move the account to a new address; the confirmation link went
 * there, and a notice to the current one.
 */
public record EmailChangeRequested(UUID userId) {
}
