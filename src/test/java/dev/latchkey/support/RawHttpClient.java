package dev.latchkey.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP/1.1 client that writes its requests by hand over a socket it opens from a
 * loopback address of its choosing: what a reverse proxy (or a client that is not one) at
 * that address sends. Unlike the JDK's HttpClient it sends any Host header, and the
 * address it speaks from lets one running instance see a trusted proxy (127.0.0.1) and an
 * untrusted peer (127.0.0.2) side by side.
 */
public final class RawHttpClient {

	private final int port;

	private final InetAddress from;

	private final CookieJar cookies = new CookieJar();

	/** A client on 127.0.0.1 (or another loopback address) talking to 127.0.0.1:port. */
	public RawHttpClient(int port, String fromAddress) {
		this.port = port;
		try {
			this.from = InetAddress.getByAddress(InetAddress.getByName(fromAddress).getAddress());
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	public CookieJar cookies() {
		return this.cookies;
	}

	public ApiClient.Reply get(String path, Map<String, String> headers) {
		return send("GET", path, headers, "");
	}

	public ApiClient.Reply postJson(String path, Map<String, String> headers, Object body) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Content-Type", "application/json");
		return send("POST", path, all, JsonMapper.shared().writeValueAsString(body));
	}

	/**
	 * Sends one request on a new connection. Host is 127.0.0.1:port unless
	 * {@code headers} name another; the jar's cookies go along.
	 */
	public ApiClient.Reply send(String method, String path, Map<String, String> headers, String body) {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
		if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
			request.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
		}
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		this.cookies.headerFor(URI.create("http://127.0.0.1" + path))
			.ifPresent((cookie) -> request.append("Cookie: ").append(cookie).append("\r\n"));
		request.append("Content-Length: ").append(content.length).append("\r\n");
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(30_000);
			socket.bind(new InetSocketAddress(this.from, 0));
			socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), this.port),
					5_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			ApiClient.Reply reply = read(socket.getInputStream());
			this.cookies.receive(reply.setCookies());
			return reply;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ApiClient.Reply read(InputStream in) throws IOException {
		String statusLine = line(in);
		int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			headers.computeIfAbsent(header.substring(0, colon).strip(), (name) -> new ArrayList<>())
				.add(header.substring(colon + 1).strip());
		}
		byte[] body;
		if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
			ByteArrayOutputStream chunks = new ByteArrayOutputStream();
			for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
				chunks.write(in.readNBytes(size));
				line(in);
			}
			body = chunks.toByteArray();
		}
		else if (headers.containsKey("Content-Length")) {
			body = in.readNBytes(Integer.parseInt(headers.get("Content-Length").get(0)));
		}
		else {
			body = in.readAllBytes();
		}
		return new ApiClient.Reply(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static int chunkSize(String line) {
		int extension = line.indexOf(';');
		return Integer.parseInt((extension < 0) ? line.strip() : line.substring(0, extension).strip(), 16);
	}

	/** One CRLF-terminated line, without its terminator. */
	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("The connection closed in the middle of a line");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

}
