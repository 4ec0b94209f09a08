package dev.latchkey.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes the files zero-setup mode keeps in DATA_DIR (the generated key, the database's
 * password, its pg_hba.conf) so that a crash leaves the old file or the new one, and a
 * secret's file is readable by its owner only from its first byte.
 */
public final class DataFiles {

	private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

	private DataFiles() {
	}

	/** Replaces the file in one step, with its content on disk first. */
	public static void write(Path file, String content) {
		write(file, content, false);
	}

	/**
	 * Like {@link #write}, for a secret: mode 0600 from its creation, where POSIX
	 * applies.
	 */
	public static void writeSecret(Path file, String content) {
		write(file, content, true);
	}

	private static void write(Path file, String content, boolean ownerOnly) {
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.deleteIfExists(temporary);
			try (FileChannel channel = open(temporary, ownerOnly)) {
				channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
				channel.force(true);
			}
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			syncDirectory(file.toAbsolutePath().getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private static void syncDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Windows cannot open a directory; its file system orders the rename anyway.
		}
	}

	private static FileChannel open(Path file, boolean ownerOnly) throws IOException {
		if (ownerOnly) {
			try {
				return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
						OWNER_ONLY);
			}
			catch (UnsupportedOperationException ex) {
				// Not POSIX (Windows): the directory's permissions apply.
			}
		}
		return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
	}

}
