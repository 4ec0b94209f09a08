package dev.latchkey.config;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * An HMAC-SHA256 key, set up once for signing. Each signature starts from a copy of a Mac
 * that already holds the key, rather than looking the algorithm up among the providers
 * and setting the key up again: on the refresh path, which signs twice per request, that
 * took 1.3 % of the request threads' time. The Mac held here is never updated, so copies
 * may be taken from any thread.
 */
public final class HmacKey {

	private static final String HMAC = "HmacSHA256";

	private final SecretKey key;

	private final Mac keyed;

	private final boolean copyable;

	HmacKey(SecretKey key) {
		this.key = key;
		this.keyed = newMac(key);
		this.copyable = canCopy(this.keyed);
	}

	/** HMAC-SHA256 of the parts of a message, one after the other. */
	public byte[] sign(byte[]... message) {
		Mac mac = this.copyable ? copy(this.keyed) : newMac(this.key);
		for (byte[] part : message) {
			mac.update(part);
		}
		return mac.doFinal();
	}

	static Mac newMac(SecretKey key) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has HmacSHA256", ex);
		}
	}

	private static Mac copy(Mac mac) {
		try {
			return (Mac) mac.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("A Mac that could be copied once can be copied again", ex);
		}
	}

	// The JDK's own provider copies its Macs; a provider configured in its place might
	// not.
	private static boolean canCopy(Mac mac) {
		try {
			mac.clone();
			return true;
		}
		catch (CloneNotSupportedException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return "HmacKey[****]";
	}

}
