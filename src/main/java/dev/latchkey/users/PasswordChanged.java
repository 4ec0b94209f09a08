package dev.latchkey.users;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An account's password was replaced. Published inside the transaction that replaced it,
 * so that listeners in that transaction end what the old password let in: the sessions
 * module ends every session of the account but {@link #keptSessionId()}. They report how
 * many sessions they ended ({@link #recordSessionsEnded}), because the answer to a
 * password change tells the client; this is the one event that collects an answer.
 */
public final class PasswordChanged {

	private final UUID userId;

	private final @Nullable UUID keptSessionId;

	private int sessionsEnded;

	/**
	 * @param keptSessionId the session that changed the password and stays signed in;
	 * null when every session ends
	 */
	public PasswordChanged(UUID userId, @Nullable UUID keptSessionId) {
		this.userId = userId;
		this.keptSessionId = keptSessionId;
	}

	public UUID userId() {
		return this.userId;
	}

	public @Nullable UUID keptSessionId() {
		return this.keptSessionId;
	}

	/** Called by listeners that ended sessions because of this change. */
	public void recordSessionsEnded(int count) {
		this.sessionsEnded += count;
	}

	/** How many sessions the listeners ended. */
	public int sessionsEnded() {
		return this.sessionsEnded;
	}

	@Override
	public String toString() {
		return "PasswordChanged[userId=" + this.userId + "]";
	}

}
