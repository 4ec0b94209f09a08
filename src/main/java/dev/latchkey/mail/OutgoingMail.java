package dev.latchkey.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One mail as the outbox keeps it, encrypted: its recipient and what it says. Written as
 * a version byte and four length-prefixed UTF-8 strings, a format that needs no library
 * and that a later version can tell apart by its first byte.
 */
record OutgoingMail(String to, String subject, String text, String html) {

	private static final byte VERSION = 1;

	byte[] toBytes() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + this.text.length() + this.html.length());
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			for (String part : new String[] { this.to, this.subject, this.text, this.html }) {
				byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
				out.writeInt(utf8.length);
				out.write(utf8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("A byte array cannot fail to be written", ex);
		}
		return bytes.toByteArray();
	}

	static OutgoingMail fromBytes(byte[] bytes) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			byte version = in.readByte();
			if (version != VERSION) {
				throw new IllegalStateException("An outbox payload of unknown version " + version);
			}
			String[] parts = new String[4];
			for (int i = 0; i < parts.length; i++) {
				int length = in.readInt();
				if (length < 0 || length > in.available()) {
					throw new IllegalStateException("A malformed outbox payload");
				}
				parts[i] = new String(in.readNBytes(length), StandardCharsets.UTF_8);
			}
			return new OutgoingMail(parts[0], parts[1], parts[2], parts[3]);
		}
		catch (IOException ex) {
			throw new IllegalStateException("A malformed outbox payload", ex);
		}
	}

	@Override
	public String toString() {
		return "OutgoingMail[****]";
	}

}
