package dev.latchkey.auth;

import org.jspecify.annotations.Nullable;

/**
 * A login was refused. It names no account: an unknown email and a wrong password are the
 * same failure.
 *
 * @param reason the code the client was answered with, such as invalid_credentials
 */
public record LoginFailed(String reason, @Nullable String ip) {
}
