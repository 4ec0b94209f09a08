package dev.latchkey.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing key Latchkey uses: SECRET_KEY when it is set; in zero-setup mode a random
 * key created once and kept in DATA_DIR, so logins survive restarts; otherwise a refusal
 * to start, because a production key must never be made up on the spot. A generated key
 * has 64 characters, enough for every algorithm ALGORITHM allows; a key edited by hand in
 * DATA_DIR is checked like SECRET_KEY, by the access tokens.
 */
public final class GeneratedSecretKey {

	private static final Logger logger = LoggerFactory.getLogger(GeneratedSecretKey.class);

	static final String FILE_NAME = "secret_key";

	private GeneratedSecretKey() {
	}

	public static String resolve(SecretSettings secret, DatabaseSettings database) {
		if (!secret.key().isBlank()) {
			return secret.key();
		}
		if (!database.embedded()) {
			throw new InvalidConfiguration("SECRET_KEY is not set: it is required whenever DATABASE_URL is set "
					+ "(generate one with: openssl rand -base64 48).");
		}
		Path file = database.dataDir().resolve(FILE_NAME);
		String key = Files.isRegularFile(file) ? read(file) : create(file);
		logger.info("Zero-setup mode: SECRET_KEY is not set, so tokens are signed with the generated key kept in {}.",
				file.toAbsolutePath());
		return key;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the generated key in " + file, ex);
		}
	}

	private static String create(Path file) {
		byte[] random = new byte[48];
		new SecureRandom().nextBytes(random);
		String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		DataFiles.writeSecret(file, key + "\n");
		return key;
	}

}
