package dev.latchkey.failures;

import java.time.Duration;
import java.util.Optional;

/**
 * A request refused for a reason the client must hear about. Subclasses are named after
 * what happened ({@code EmailTaken}, {@code RefreshTokenRejected.Reused}) and carry the
 * stable {@code code} that clients branch on and a {@link Kind} that says what sort of
 * refusal it is. Which HTTP status answers a kind is the web module's business, decided
 * in one place, so a service never speaks HTTP and one code can be thrown wherever its
 * meaning fits.
 * <p>
 * The message is the answer's {@code detail} and is shown to clients, so it never holds a
 * token, a password, a hash or an email.
 */
public abstract class Failure extends RuntimeException {

	private final Kind kind;

	private final String code;

	protected Failure(Kind kind, String code, String detail) {
		// No stack trace: these are answers, not bugs, and they are never logged as
		// errors.
		super(detail, null, false, false);
		this.kind = kind;
		this.code = code;
	}

	public Kind kind() {
		return this.kind;
	}

	/** The stable code clients branch on, such as {@code email_taken}. */
	public String code() {
		return this.code;
	}

	/**
	 * How long until the same request can succeed, for refusals that time lifts (a limit,
	 * an overload); empty for the others.
	 */
	public Optional<Duration> retryAfter() {
		return Optional.empty();
	}

	/** What sort of refusal a failure is, whatever protocol answers it. */
	public enum Kind {

		/** The request itself is wrong: a token that is not valid for this, say. */
		INVALID,

		/** The caller could not be identified, or their credentials are wrong. */
		UNAUTHENTICATED,

		/** The caller is known but may not do this, or must prove more first. */
		FORBIDDEN,

		/** What the request names does not exist, or is not the caller's. */
		NOT_FOUND,

		/** The request contradicts what exists, such as an email already taken. */
		CONFLICT,

		/** The request is larger than this service accepts. */
		TOO_LARGE,

		/** Too many attempts: the caller must wait ({@link #retryAfter()}). */
		RATE_LIMITED,

		/** The service is too busy right now: the same request may succeed shortly. */
		BUSY

	}

}
