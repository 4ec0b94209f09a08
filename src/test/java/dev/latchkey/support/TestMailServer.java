package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * A real SMTP server (GreenMail) on one loopback port. {@link #shared()} is the one every
 * integration test application sends its mail to, like the one PostgreSQL: tests find
 * theirs by the unique address they registered. {@link #ofItsOwn()} is a server for a
 * test that stops it ({@link #down()}: connections are refused), starts it again, or
 * replaces it with one that accepts connections and never answers ({@link #hang()}),
 * without disturbing the mail of other tests. Waiting for a mail waits for GreenMail to
 * receive one, never for a fixed time.
 */
public final class TestMailServer implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9_-]+)");

	private static @Nullable TestMailServer shared;

	static {
		// GreenMail logs at INFO each address it makes a mailbox for, and the log hygiene
		// tests would rightly find them. The level is set now, and the system property
		// keeps it through the logging setup of every Spring context started later.
		System.setProperty("logging.level.com.icegreen", "warn");
		LoggingSystem.get(TestMailServer.class.getClassLoader()).setLogLevel("com.icegreen", LogLevel.WARN);
	}

	private final int port;

	private @Nullable GreenMail greenMail;

	private TestMailServer(int port) {
		this.port = port;
	}

	/** The server of every integration test, started the first time it is asked for. */
	public static synchronized TestMailServer shared() {
		if (shared == null) {
			shared = ofItsOwn();
		}
		return shared;
	}

	/** A new server on a free port of its own, running. */
	public static TestMailServer ofItsOwn() {
		TestMailServer server = new TestMailServer(freePort());
		server.up();
		return server;
	}

	/** The settings that send to this server, by their environment variable names. */
	public Map<String, String> settings() {
		return Map.of("SMTP_HOST", HOST, "SMTP_PORT", String.valueOf(this.port), "SMTP_SECURITY", "none");
	}

	/** Listens again, with an empty mailbox; does nothing while it is running. */
	public synchronized void up() {
		if (this.greenMail == null) {
			GreenMail started = new GreenMail(new ServerSetup(this.port, HOST, ServerSetup.PROTOCOL_SMTP));
			started.start();
			this.greenMail = started;
		}
	}

	/** Stops listening: a connection to the port is refused. */
	public synchronized void down() {
		if (this.greenMail != null) {
			this.greenMail.stop();
			this.greenMail = null;
		}
	}

	/** In place of the server, one that accepts connections and says nothing. */
	public Hung hang() {
		down();
		return new Hung(this.port);
	}

	@Override
	public void close() {
		down();
	}

	/**
	 * The mails received for this address since the server last came up, oldest first.
	 */
	public List<MimeMessage> mailsTo(String address) {
		GreenMail running = running();
		if (running == null) {
			return List.of();
		}
		return Arrays.stream(running.getReceivedMessages()).filter((mail) -> isTo(mail, address)).toList();
	}

	/**
	 * The mails for this address whose link opens this page ({@code reset-password},
	 * {@code verify}).
	 */
	public List<MimeMessage> linksTo(String address, String page) {
		return mailsTo(address).stream().filter((mail) -> text(mail).contains("/" + page + "#token=")).toList();
	}

	/**
	 * Waits until at least {@code count} mails for this address have arrived, and answers
	 * them.
	 * @throws AssertionError when they have not arrived within 30 seconds
	 */
	public List<MimeMessage> awaitMailsTo(String address, int count) {
		return await(() -> mailsTo(address), count, "mails for " + address);
	}

	/**
	 * Waits for the {@code nth} mail to this address with a link to this page, and
	 * answers the token of its link.
	 */
	public String awaitToken(String address, String page, int nth) {
		List<MimeMessage> mails = await(() -> linksTo(address, page), nth, "/" + page + " links for " + address);
		return linkToken(text(mails.get(nth - 1))).orElseThrow();
	}

	public static Optional<String> linkToken(String text) {
		Matcher matcher = TOKEN.matcher(text);
		return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
	}

	/** The whole mail as received, headers and every part. */
	public static String text(MimeMessage mail) {
		return GreenMailUtil.getWholeMessage(mail);
	}

	public static String subject(MimeMessage mail) {
		try {
			return mail.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<MimeMessage> await(Supplier<List<MimeMessage>> mails, int count, String what) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		List<MimeMessage> found = mails.get();
		while (found.size() < count) {
			GreenMail running = running();
			long left = deadline - System.nanoTime();
			if (running == null || left <= 0 || !running.waitForIncomingEmail(Math.max(1, left / 1_000_000),
					running.getReceivedMessages().length + 1)) {
				throw new AssertionError(
						"expected " + count + " " + what + " within " + PATIENCE + ", got " + found.size());
			}
			found = mails.get();
		}
		return found;
	}

	private synchronized @Nullable GreenMail running() {
		return this.greenMail;
	}

	private static boolean isTo(MimeMessage mail, String address) {
		try {
			Address[] to = mail.getRecipients(Message.RecipientType.TO);
			return to != null && Arrays.stream(to).anyMatch((recipient) -> recipient.toString().contains(address));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A server that accepts connections and never sends a greeting. */
	public static final class Hung implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> accepted = new ArrayList<>();

		private Hung(int port) {
			try {
				this.server = new ServerSocket();
				this.server.setReuseAddress(true);
				this.server.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Waits for the next connection, for at most {@code timeout}, and keeps it open
		 * without a word.
		 */
		public Socket awaitConnection(Duration timeout) throws IOException {
			this.server.setSoTimeout((int) timeout.toMillis());
			Socket socket = this.server.accept();
			this.accepted.add(socket);
			return socket;
		}

		/** Hangs up on every connection and stops listening. */
		@Override
		public void close() throws IOException {
			for (Socket socket : this.accepted) {
				socket.close();
			}
			this.server.close();
		}

	}

}
