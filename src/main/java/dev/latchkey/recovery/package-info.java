/**
 * Account recovery and email verification: single-use tokens sent by mail to reset a
 * password, prove an address, or confirm a new one; the endpoints that ask for and use
 * them; and the sign-in rule that can require a verified address.
 */
@NullMarked
package dev.latchkey.recovery;

import org.jspecify.annotations.NullMarked;
