package dev.latchkey.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file the way the template's users write them: {@code KEY=value}
 * lines, {@code #} comments, an optional {@code export} prefix, and single- or
 * double-quoted values. Spring's own {@code .env[.properties]} import reads Java
 * properties instead, which keeps quotes and ignores {@code export} lines.
 */
final class DotEnvFile {

	private static final Pattern LINE = Pattern
		.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=\\s*(.*?)\\s*$");

	private static final String BYTE_ORDER_MARK = "\uFEFF";

	private DotEnvFile() {
	}

	static Map<String, Object> read(Path file) {
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			if (!lines.isEmpty() && lines.get(0).startsWith(BYTE_ORDER_MARK)) {
				// Windows editors and PowerShell may start a UTF-8 file with one; it is
				// not part of the first key.
				lines.set(0, lines.get(0).substring(1));
			}
			return parse(lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + file, ex);
		}
	}

	static Map<String, Object> parse(List<String> lines) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (String line : lines) {
			if (line.isBlank() || line.strip().startsWith("#")) {
				continue;
			}
			Matcher matcher = LINE.matcher(line);
			if (matcher.matches()) {
				values.put(matcher.group(1), unquote(matcher.group(2)));
			}
		}
		return values;
	}

	private static String unquote(String raw) {
		if (raw.length() >= 2) {
			char first = raw.charAt(0);
			if ((first == '"' || first == '\'') && raw.indexOf(first, 1) > 0) {
				String inner = raw.substring(1, raw.indexOf(first, 1));
				return (first == '"') ? inner.replace("\\n", "\n") : inner;
			}
		}
		int comment = raw.indexOf(" #");
		return ((comment >= 0) ? raw.substring(0, comment) : raw).strip();
	}

}
