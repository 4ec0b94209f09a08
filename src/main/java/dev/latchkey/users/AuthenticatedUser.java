package dev.latchkey.users;

/**
 * An account whose password has just been checked.
 *
 * @param credentialVersion the version of the password that was checked: a session is
 * opened only while it is still current ({@link UserService#confirmCredential})
 */
public record AuthenticatedUser(UserResponse user, int credentialVersion) {
}
