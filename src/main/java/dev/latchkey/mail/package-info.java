/**
 * Mail: a durable outbox written in the caller's transaction, a background sender that
 * delivers it over SMTP, and, in zero-setup mode, an in-memory mailbox at /dev/mailbox.
 * Other modules use {@link dev.latchkey.mail.Mailer} only.
 */
@NullMarked
package dev.latchkey.mail;

import org.jspecify.annotations.NullMarked;
