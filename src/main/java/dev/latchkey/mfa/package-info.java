/**
 * A second factor: TOTP with recovery codes, asked for at sign-in after a correct
 * password (a {@link dev.latchkey.auth.SignInStep}) and again, as a step-up, before
 * sensitive changes. Other modules use nothing of it; it publishes events.
 */
@NullMarked
package dev.latchkey.mfa;

import org.jspecify.annotations.NullMarked;
