/**
 * A second factor: TOTP and passkeys with recovery codes, asked for at sign-in after a
 * correct password (a {@link dev.latchkey.auth.SignInStep}) and again, as a step-up,
 * before sensitive changes; and passkeys as a sign-in of their own, whose authenticator
 * verified the user. Other modules use nothing of it; it publishes events.
 */
@NullMarked
package dev.latchkey.mfa;

import org.jspecify.annotations.NullMarked;
