package dev.latchkey.sessions;

import org.jspecify.annotations.Nullable;

/** The device behind a request, as recorded on its session. */
public record ClientInfo(@Nullable String userAgent, String ip) {

	/** The length of sessions.user_agent, in characters (Unicode code points). */
	static final int MAX_USER_AGENT = 512;

	/**
	 * @param userAgentHeader the User-Agent header as sent, if any
	 * @param ip the client address, as the client address resolver answers it
	 */
	public static ClientInfo of(@Nullable String userAgentHeader, String ip) {
		return new ClientInfo(userAgent(userAgentHeader), ip);
	}

	/**
	 * The User-Agent as stored: without control characters (C0, DEL and C1) or unpaired
	 * surrogates, and cut to {@link #MAX_USER_AGENT} characters, so whatever a client
	 * sends fits the column.
	 */
	static @Nullable String userAgent(@Nullable String header) {
		if (header == null) {
			return null;
		}
		StringBuilder kept = new StringBuilder(Math.min(header.length(), 2 * MAX_USER_AGENT));
		int characters = 0;
		for (int i = 0; i < header.length() && characters < MAX_USER_AGENT; i++) {
			char c = header.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < header.length()
					&& Character.isLowSurrogate(header.charAt(i + 1))) {
				kept.append(c).append(header.charAt(++i));
				characters++;
			}
			else if (!Character.isISOControl(c) && !Character.isSurrogate(c)) {
				kept.append(c);
				characters++;
			}
		}
		return kept.toString();
	}

}
