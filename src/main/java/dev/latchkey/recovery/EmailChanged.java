package dev.latchkey.recovery;

import java.util.UUID;

/** The new address was confirmed with its link: the account has it now. */
public record EmailChanged(UUID userId) {
}
