package dev.latchkey.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.latchkey.config.InvalidConfiguration;

/**
 * Where the database is, as JDBC needs it. Parses every DATABASE_URL form the template's
 * users have: {@code postgresql://}, {@code postgres://}, SQLAlchemy's
 * {@code postgresql+asyncpg://} (any {@code +driver}) and a plain
 * {@code jdbc:postgresql://} URL.
 *
 * @param jdbcUrl the JDBC URL, without credentials
 * @param username the user, or null to leave it to the JDBC URL
 * @param password the password, or null
 */
public record DatabaseUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {

	private static final Pattern URL_SCHEME = Pattern.compile("(?i)postgres(ql)?(\\+[a-z0-9_]+)?");

	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&](?:ssl)?password=)[^&]*");

	private static final String EXPECTED = "DATABASE_URL must look like postgresql://user:password@host:5432/database "
			+ "(postgres://, postgresql+asyncpg:// and jdbc:postgresql:// work too)";

	public static DatabaseUrl parse(String value) {
		String url = value.strip();
		if (url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) {
			return new DatabaseUrl(url, null, null);
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			// The value holds a password: the message names the problem, never the value.
			throw new InvalidConfiguration(EXPECTED + "; the value given is not a valid URL.");
		}
		if (uri.getScheme() == null || !URL_SCHEME.matcher(uri.getScheme()).matches()) {
			throw new InvalidConfiguration(EXPECTED + "; the value given has the scheme '" + uri.getScheme() + "'.");
		}
		if (uri.getHost() == null) {
			throw new InvalidConfiguration(EXPECTED + "; the value given names no host.");
		}
		String database = (uri.getRawPath() == null || uri.getRawPath().length() <= 1) ? "postgres"
				: decode(uri.getRawPath().substring(1));
		int port = (uri.getPort() > 0) ? uri.getPort() : 5432;
		String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + encodePathSegment(database)
				+ jdbcQuery(uri.getRawQuery());
		String username = null;
		String password = null;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			username = decode(parts[0]);
			password = (parts.length > 1) ? decode(parts[1]) : null;
		}
		return new DatabaseUrl(jdbcUrl, username, password);
	}

	/**
	 * Passes query parameters through, translating asyncpg's {@code ssl} to JDBC's
	 * {@code sslmode}.
	 */
	private static String jdbcQuery(@Nullable String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		List<String> parameters = new ArrayList<>();
		for (String parameter : rawQuery.split("&")) {
			if (parameter.startsWith("ssl=")) {
				String mode = parameter.substring(4);
				parameters.add("sslmode=" + (mode.equalsIgnoreCase("true") ? "require" : mode));
			}
			else if (!parameter.isEmpty()) {
				parameters.add(parameter);
			}
		}
		return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static String encodePathSegment(String value) {
		return value.replace("%", "%25").replace("/", "%2F").replace("?", "%3F");
	}

	@Override
	public String toString() {
		// A jdbc:postgresql:// URL may carry the password as a parameter.
		return "DatabaseUrl[" + PASSWORD_PARAMETER.matcher(this.jdbcUrl).replaceAll("$1****") + ", user="
				+ this.username + "]";
	}

}
