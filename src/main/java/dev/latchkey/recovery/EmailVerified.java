package dev.latchkey.recovery;

import java.util.UUID;

/** An account proved its address with a mailed token. */
public record EmailVerified(UUID userId) {
}
