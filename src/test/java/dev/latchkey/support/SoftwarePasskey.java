package dev.latchkey.support;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A passkey authenticator in the test: an ES256 key pair that answers creation and
 * request options as a browser's {@code PublicKeyCredential.toJSON()} would, with
 * authenticator data, CBOR and signatures made here byte by byte, so that the server's
 * verification is checked against the specification rather than against itself. What it
 * claims (the page's origin, user verification, its counter) can be set, as an attacker
 * would set it.
 */
public final class SoftwarePasskey {

	private static final int FLAG_USER_PRESENT = 0x01;

	private static final int FLAG_USER_VERIFIED = 0x04;

	private static final int FLAG_BACKUP_ELIGIBLE = 0x08;

	private static final int FLAG_BACKUP_STATE = 0x10;

	private static final int FLAG_ATTESTED_CREDENTIAL = 0x40;

	private final KeyPair keys;

	private final byte[] credentialId = new byte[32];

	private byte[] userHandle = new byte[0];

	private long counter;

	public SoftwarePasskey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			this.keys = generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		new SecureRandom().nextBytes(this.credentialId);
	}

	public String credentialId() {
		return encode(this.credentialId);
	}

	/** Sets the counter the next assertion increments, as a cloned key would show it. */
	public void counter(long counter) {
		this.counter = counter;
	}

	/**
	 * What {@code navigator.credentials.create()} answers to these options, on a page of
	 * {@code origin}.
	 */
	public Map<String, Object> create(JsonNode options, String origin) {
		this.userHandle = decode(options.path("user").path("id").asString());
		byte[] clientData = clientData("webauthn.create", options.path("challenge").asString(), origin);
		byte[] authenticatorData = concat(rpIdHash(options.path("rp").path("id").asString()),
				new byte[] { (byte) (FLAG_USER_PRESENT | FLAG_USER_VERIFIED | FLAG_BACKUP_ELIGIBLE | FLAG_BACKUP_STATE
						| FLAG_ATTESTED_CREDENTIAL) },
				counterBytes(this.counter), new byte[16], ByteBuffer.allocate(2).putShort((short) 32).array(),
				this.credentialId, coseKey());
		Cbor attestation = new Cbor().map(3)
			.text("fmt")
			.text("none")
			.text("attStmt")
			.map(0)
			.text("authData")
			.bytes(authenticatorData);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("clientDataJSON", encode(clientData));
		response.put("attestationObject", encode(attestation.toByteArray()));
		response.put("transports", List.of("internal"));
		return credential(response);
	}

	/** What {@code navigator.credentials.get()} answers, the user verified. */
	public Map<String, Object> get(JsonNode options, String origin) {
		return get(options, origin, true);
	}

	/**
	 * What {@code navigator.credentials.get()} answers to these options on a page of
	 * {@code origin}, with the user verified (a PIN, a biometric) or only present.
	 */
	public Map<String, Object> get(JsonNode options, String origin, boolean userVerified) {
		this.counter++;
		byte[] clientData = clientData("webauthn.get", options.path("challenge").asString(), origin);
		int flags = FLAG_USER_PRESENT | FLAG_BACKUP_ELIGIBLE | FLAG_BACKUP_STATE
				| (userVerified ? FLAG_USER_VERIFIED : 0);
		byte[] authenticatorData = concat(rpIdHash(options.path("rpId").asString()), new byte[] { (byte) flags },
				counterBytes(this.counter));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("clientDataJSON", encode(clientData));
		response.put("authenticatorData", encode(authenticatorData));
		response.put("signature", encode(sign(concat(authenticatorData, sha256(clientData)))));
		response.put("userHandle", encode(this.userHandle));
		return credential(response);
	}

	private Map<String, Object> credential(Map<String, Object> response) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("id", credentialId());
		credential.put("rawId", credentialId());
		credential.put("type", "public-key");
		credential.put("response", response);
		credential.put("clientExtensionResults", Map.of());
		credential.put("authenticatorAttachment", "platform");
		return credential;
	}

	private static byte[] clientData(String type, String challenge, String origin) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("type", type);
		data.put("challenge", challenge);
		data.put("origin", origin);
		data.put("crossOrigin", false);
		return JsonMapper.shared().writeValueAsString(data).getBytes(StandardCharsets.UTF_8);
	}

	/** The public key as COSE: EC2 (kty 2), ES256 (alg -7), P-256 (crv 1), x and y. */
	private byte[] coseKey() {
		ECPublicKey key = (ECPublicKey) this.keys.getPublic();
		return new Cbor().map(5)
			.integer(1)
			.integer(2)
			.integer(3)
			.integer(-7)
			.integer(-1)
			.integer(1)
			.integer(-2)
			.bytes(coordinate(key.getW().getAffineX()))
			.integer(-3)
			.bytes(coordinate(key.getW().getAffineY()))
			.toByteArray();
	}

	private static byte[] coordinate(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return fixed;
	}

	private byte[] sign(byte[] data) {
		try {
			Signature signature = Signature.getInstance("SHA256withECDSA");
			signature.initSign(this.keys.getPrivate());
			signature.update(data);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] rpIdHash(String rpId) {
		return sha256(rpId.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] counterBytes(long counter) {
		return ByteBuffer.allocate(4).putInt((int) counter).array();
	}

	private static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] decode(String text) {
		return Base64.getUrlDecoder().decode(text);
	}

	/** The few CBOR items WebAuthn's structures use (RFC 8949, definite lengths). */
	private static final class Cbor {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Cbor map(int entries) {
			return head(5, entries);
		}

		Cbor integer(long value) {
			return (value >= 0) ? head(0, value) : head(1, -1 - value);
		}

		Cbor bytes(byte[] value) {
			head(2, value.length);
			this.out.writeBytes(value);
			return this;
		}

		Cbor text(String value) {
			byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
			head(3, utf8.length);
			this.out.writeBytes(utf8);
			return this;
		}

		byte[] toByteArray() {
			return this.out.toByteArray();
		}

		private Cbor head(int major, long argument) {
			int type = major << 5;
			if (argument < 24) {
				this.out.write(type | (int) argument);
			}
			else if (argument < 0x100) {
				this.out.write(type | 24);
				this.out.write((int) argument);
			}
			else {
				this.out.write(type | 25);
				this.out.write((int) (argument >> 8));
				this.out.write((int) argument & 0xff);
			}
			return this;
		}

	}

}
