package dev.latchkey.sessions;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.latchkey.users.AccountDeleted;
import dev.latchkey.users.AccountUpdated;

/**
 * The changes this instance makes itself leave its own cache as soon as their transaction
 * ends, without waiting for their notification to come back from PostgreSQL: the instance
 * that revoked a session refuses its access token at once.
 */
@Component
class SessionCacheEvictions {

	private final SessionCache cache;

	SessionCacheEvictions(SessionCache cache) {
		this.cache = cache;
	}

	@EventListener
	void on(SessionsRevoked revoked) {
		this.cache.evictUserAfterCompletion(revoked.userId());
	}

	@EventListener
	void on(AccountUpdated updated) {
		this.cache.evictUserAfterCompletion(updated.userId());
	}

	@EventListener
	void on(AccountDeleted deleted) {
		this.cache.evictUserAfterCompletion(deleted.userId());
	}

}
