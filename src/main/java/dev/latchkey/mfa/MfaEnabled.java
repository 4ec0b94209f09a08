package dev.latchkey.mfa;

import java.util.UUID;

/** An account turned its second factor on (its TOTP enrolment was confirmed). */
public record MfaEnabled(UUID userId) {
}
