package dev.latchkey.mfa;

import java.util.UUID;

/**
 * A second-factor code was checked, at sign-in or for a step-up.
 *
 * @param method {@code totp} or {@code recovery_code}, as given; {@code unknown} for a
 * wrong code
 * @param succeeded whether it was accepted
 */
public record MfaChecked(UUID userId, String method, boolean succeeded) {
}
