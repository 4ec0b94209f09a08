package dev.latchkey.mfa;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.latchkey.config.HmacKey;
import dev.latchkey.config.ServerSecret;

/**
 * The {@code recovery_codes} table: ten single-use codes per account, the way back when
 * the authenticator is lost. Each is 50 random bits, shown once as {@code xxxxx-xxxxx},
 * and stored only as an HMAC of the account's id and the code; a use deletes its row in
 * the statement that finds it.
 */
@Component
class RecoveryCodes {

	static final int COUNT = 10;

	private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

	private final JdbcClient jdbc;

	private final HmacKey digestKey;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	RecoveryCodes(JdbcClient jdbc, ServerSecret secret, Clock clock) {
		this.jdbc = jdbc;
		this.digestKey = secret.hmacKey("mfa-recovery-code");
		this.clock = clock;
	}

	/**
	 * New codes for the account, in the caller's transaction; the old ones stop working.
	 */
	List<String> replace(UUID userId) {
		delete(userId);
		List<String> codes = new ArrayList<>(COUNT);
		for (int i = 0; i < COUNT; i++) {
			String code = newCode();
			this.jdbc.sql("insert into recovery_codes (digest, user_id, created_at) values (:digest, :userId, :now)")
				.param("digest", digest(userId, code))
				.param("userId", userId)
				.param("now", Timestamp.from(this.clock.instant()))
				.update();
			codes.add(code.substring(0, 5) + "-" + code.substring(5));
		}
		return codes;
	}

	/** Uses a code up: false when it is not one of the account's unused codes. */
	boolean use(UUID userId, String presented) {
		String code = normalize(presented);
		if (code.length() != 10) {
			return false;
		}
		return this.jdbc.sql("delete from recovery_codes where digest = :digest and user_id = :userId")
			.param("digest", digest(userId, code))
			.param("userId", userId)
			.update() == 1;
	}

	int left(UUID userId) {
		return this.jdbc.sql("select count(*) from recovery_codes where user_id = :userId")
			.param("userId", userId)
			.query(Integer.class)
			.single();
	}

	void delete(UUID userId) {
		this.jdbc.sql("delete from recovery_codes where user_id = :userId").param("userId", userId).update();
	}

	private String newCode() {
		char[] code = new char[10];
		for (int i = 0; i < code.length; i++) {
			code[i] = ALPHABET[this.random.nextInt(ALPHABET.length)];
		}
		return new String(code);
	}

	/** As typed: any case, with or without the dash and spaces. */
	private static String normalize(String presented) {
		return presented.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
	}

	private byte[] digest(UUID userId, String code) {
		return this.digestKey.sign(userId.toString().getBytes(StandardCharsets.US_ASCII),
				code.getBytes(StandardCharsets.US_ASCII));
	}

}
