package dev.latchkey.users;

import java.util.UUID;

/**
 * What account changes need from sessions, which live in the auth feature: declared here
 * and implemented there, so that accounts do not depend on how sessions work.
 */
public interface UserSessions {

	/**
	 * Ends every live session of the user except one, in the caller's transaction.
	 * @return how many were ended
	 */
	int revokeAllExcept(UUID userId, UUID keptSessionId);

}
