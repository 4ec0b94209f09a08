package dev.latchkey.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

/**
 * Opaque refresh tokens: 256 random bits, URL-safe Base64. Only their SHA-256 digest is
 * ever stored, so a copy of the database cannot be replayed as cookies. A fast digest is
 * enough here (unlike passwords): the input is random and long, so there is nothing to
 * guess.
 */
@Component
class RefreshTokenGenerator {

	private static final int TOKEN_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	String generate() {
		byte[] bytes = new byte[TOKEN_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static byte[] digest(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
