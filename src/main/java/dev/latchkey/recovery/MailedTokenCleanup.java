package dev.latchkey.recovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the mailed tokens that expired unused. Every instance runs it; deleting rows
 * another instance already deleted is harmless.
 */
@Component
class MailedTokenCleanup {

	private static final Logger logger = LoggerFactory.getLogger(MailedTokenCleanup.class);

	private final MailedTokens tokens;

	MailedTokenCleanup(MailedTokens tokens) {
		this.tokens = tokens;
	}

	/** Every {@link RecoverySettings#cleanupInterval()}. */
	@Scheduled(initialDelayString = "${latchkey.recovery.cleanup-interval}",
			fixedDelayString = "${latchkey.recovery.cleanup-interval}")
	void scheduled() {
		logger.info("event=cleanup deleted_mailed_tokens={}", this.tokens.deleteExpired());
	}

}
