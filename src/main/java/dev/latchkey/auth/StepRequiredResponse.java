package dev.latchkey.auth;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a login whose password was right but which needs a further step: no
 * session exists yet, and no session cookie is set.
 *
 * @param mfaRequired always true, so that a client can tell this answer from a Login body
 * by one field
 * @param methods what can complete the sign-in
 * @param mfaExpiresAt until when the challenge cookie is accepted
 */
record StepRequiredResponse(boolean mfaRequired, List<String> methods, Instant mfaExpiresAt) {
}
