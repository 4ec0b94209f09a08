package dev.latchkey.auth;

import java.util.Optional;

import dev.latchkey.sessions.ClientInfo;
import dev.latchkey.sessions.SignInFactors;
import dev.latchkey.users.AuthenticatedUser;

/**
 * A step that can stand between a correct password and a session, such as a second
 * factor: the seam where a module of its own plugs into sign-in without the password path
 * changing. Sign-in asks every step bean, after the password has been verified and before
 * a session is opened; the first that requires something decides the answer, and no
 * session, cookie or device token is issued until that step is completed through its own
 * endpoints. Without any step bean, a correct password signs in at once. Sign-ins without
 * a password (a passkey) ask the steps too, with their own factors.
 */
public interface SignInStep {

	/**
	 * What this user, who proved who they are with these factors, must still do to sign
	 * in, or empty to let sign-in go on. Never asked about a wrong password, and never
	 * asked about a disabled account.
	 * @throws dev.latchkey.failures.Failure to refuse sign-in outright (an address that
	 * must be verified first); it is logged as a failed login, and not counted as a wrong
	 * password
	 */
	Optional<SignInResult.StepRequired> require(AuthenticatedUser user, SignInFactors factors, ClientInfo client);

}
