package dev.latchkey.observability;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logger for {@code key=value} lines whose values cannot forge fields or lines: every
 * argument of a message is passed through {@link #value} before it takes the place of its
 * {@code {}}. Its methods have the shape of SLF4J's ({@code info("event=x ip={}", ip)}),
 * so code that logs through it reads like any other logging, and cannot forget to escape.
 * Only the message template is written as it is: keep values out of it.
 */
final class EventLog {

	/** The most characters of a value that are written; the rest is cut off. */
	static final int MAX_VALUE_LENGTH = 200;

	private static final String TRUNCATED = "...";

	private final Logger logger;

	EventLog(String name) {
		this.logger = LoggerFactory.getLogger(name);
	}

	void debug(String template, @Nullable Object... values) {
		if (this.logger.isDebugEnabled()) {
			this.logger.debug(template, escaped(values));
		}
	}

	void info(String template, @Nullable Object... values) {
		if (this.logger.isInfoEnabled()) {
			this.logger.info(template, escaped(values));
		}
	}

	void warn(String template, @Nullable Object... values) {
		if (this.logger.isWarnEnabled()) {
			this.logger.warn(template, escaped(values));
		}
	}

	void error(String template, @Nullable Object... values) {
		if (this.logger.isErrorEnabled()) {
			this.logger.error(template, escaped(values));
		}
	}

	/**
	 * A value as it is written after {@code key=}: as it is when it is made only of safe
	 * characters (ASCII letters and digits and {@code - . _ ~ : / @ + % ,}), else in
	 * double quotes with {@code "} and {@code \} escaped by a backslash, and control
	 * characters, and anything outside printable ASCII, written as {@code \n},
	 * {@code \r}, {@code \t} or {@code \}{@code uXXXX}. A value longer than
	 * {@link #MAX_VALUE_LENGTH} is cut and quoted, with {@code ...} before its closing
	 * quote. Null is {@code null}; the text "null" is quoted, and so is the empty text. A
	 * throwable is written as a value too (its class and message), never as a stack
	 * trace.
	 */
	static String value(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		String text = String.valueOf(value);
		boolean truncated = text.length() > MAX_VALUE_LENGTH;
		if (truncated) {
			int end = MAX_VALUE_LENGTH;
			if (Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
				end--;
			}
			text = text.substring(0, end);
		}
		else if (isSafe(text)) {
			return text;
		}
		StringBuilder quoted = new StringBuilder(text.length() + 8).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20 || c > 0x7e) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		if (truncated) {
			quoted.append(TRUNCATED);
		}
		return quoted.append('"').toString();
	}

	private static boolean isSafe(String text) {
		if (text.isEmpty() || text.equals("null")) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~:/@+%,".indexOf(c) >= 0;
			if (!safe) {
				return false;
			}
		}
		return true;
	}

	private static Object[] escaped(@Nullable Object... values) {
		if (values == null) {
			// info(template, (Object[]) null): one null value.
			return new Object[] { "null" };
		}
		Object[] escaped = new Object[values.length];
		for (int i = 0; i < values.length; i++) {
			escaped[i] = value(values[i]);
		}
		return escaped;
	}

}
