package dev.latchkey.users;

import java.util.UUID;

/**
 * A password stored with weaker hashing parameters than today's was hashed again at
 * login.
 */
public record PasswordRehashed(UUID userId) {
}
