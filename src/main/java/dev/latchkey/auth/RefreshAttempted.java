package dev.latchkey.auth;

/**
 * A client asked to exchange its refresh token.
 *
 * @param outcome {@code rotated}, or the code of the refusal it was answered with
 */
public record RefreshAttempted(String outcome) {
}
