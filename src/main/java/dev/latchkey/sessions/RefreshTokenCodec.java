package dev.latchkey.sessions;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.latchkey.config.HmacKey;
import dev.latchkey.config.OpaqueValues;
import dev.latchkey.config.ServerSecret;

/**
 * Refresh tokens that name their session and their place in its chain: a version byte,
 * the session id, the rotation counter and an HMAC-SHA256 of all three under a key
 * derived from SECRET_KEY, in URL-safe Base64 (76 characters). Nothing per token is
 * stored: the session row keeps the current counter, so a database reader learns ids and
 * counters but can never make a token, and the table does not grow with refreshes. The
 * same session and counter always give the same token, which is how tabs racing to
 * refresh are all handed one successor.
 */
@Component
class RefreshTokenCodec {

	private static final byte VERSION = 1;

	private static final int MAC_BYTES = 32;

	private static final int PAYLOAD_BYTES = 1 + 16 + 8;

	private static final int TOKEN_BYTES = PAYLOAD_BYTES + MAC_BYTES;

	private final HmacKey key;

	RefreshTokenCodec(ServerSecret secret) {
		this.key = secret.hmacKey("refresh-token");
	}

	String encode(UUID sessionId, long counter) {
		ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES);
		token.put(VERSION).putLong(sessionId.getMostSignificantBits()).putLong(sessionId.getLeastSignificantBits());
		token.putLong(counter);
		token.put(this.key.sign(Arrays.copyOf(token.array(), PAYLOAD_BYTES)));
		return OpaqueValues.encode(token.array());
	}

	/**
	 * The session and counter a token names, if it is a token this service made; empty
	 * for anything else, whatever its shape.
	 */
	Optional<Presented> decode(String token) {
		return OpaqueValues.decode(token, TOKEN_BYTES).filter((bytes) -> bytes[0] == VERSION).flatMap(this::verify);
	}

	private Optional<Presented> verify(byte[] bytes) {
		byte[] payload = Arrays.copyOf(bytes, PAYLOAD_BYTES);
		byte[] mac = Arrays.copyOfRange(bytes, PAYLOAD_BYTES, TOKEN_BYTES);
		if (!MessageDigest.isEqual(mac, this.key.sign(payload))) {
			return Optional.empty();
		}
		ByteBuffer fields = ByteBuffer.wrap(payload, 1, PAYLOAD_BYTES - 1);
		return Optional.of(new Presented(new UUID(fields.getLong(), fields.getLong()), fields.getLong()));
	}

	/** What an authentic refresh token says: its session and its counter. */
	record Presented(UUID sessionId, long counter) {
	}

}
