package dev.latchkey.mfa;

import java.util.UUID;

/** An account turned its second factor off. */
public record MfaDisabled(UUID userId) {
}
