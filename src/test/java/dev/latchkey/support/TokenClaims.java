package dev.latchkey.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the claims of an access token the way a curious client could (no signature
 * check), so tests can tell which user and session a cookie names.
 */
public final class TokenClaims {

	private TokenClaims() {
	}

	public static JsonNode of(String jwt) {
		String[] parts = jwt.split("\\.");
		if (parts.length < 2) {
			throw new IllegalArgumentException("Not a JWT");
		}
		return JsonMapper.shared()
			.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
	}

	public static String sessionId(String jwt) {
		return of(jwt).path("sid").asString();
	}

	public static String userId(String jwt) {
		return of(jwt).path("sub").asString();
	}

}
