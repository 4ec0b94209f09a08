package dev.latchkey.mail;

import java.util.UUID;

/**
 * A mail was written to the outbox, in the transaction that is running: it goes out once
 * that transaction commits, and never if it rolls back.
 */
public record MailQueued(UUID mailId, String template) {
}
