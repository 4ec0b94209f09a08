package dev.latchkey.users;

import java.util.UUID;

/**
 * Who is calling: the authenticated principal, built from a verified access token whose
 * session is still live.
 *
 * @param user the account, as it was read while authenticating this request
 * @param sessionId the session (device) the access token belongs to
 */
public record CurrentUser(UserResponse user, UUID sessionId) {

	public UUID id() {
		return this.user.id();
	}

}
