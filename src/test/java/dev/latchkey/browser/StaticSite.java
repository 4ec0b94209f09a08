package dev.latchkey.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The pages of src/test/resources/browser/ served on a loopback port of their own:
 * another origin than the API. Reached as http://localhost:PORT it is the same site as
 * the API at http://localhost:API_PORT (ports do not make sites); reached as
 * http://127.0.0.1:PORT it is another site altogether.
 */
final class StaticSite implements AutoCloseable {

	private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
			"text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

	private final HttpServer server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private StaticSite(HttpServer server) {
		this.server = server;
	}

	static StaticSite start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			StaticSite site = new StaticSite(server);
			server.createContext("/", site::serve);
			server.setExecutor(site.executor);
			server.start();
			return site;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * The origin of this site under the given host name, e.g.
	 * {@code http://localhost:PORT}.
	 */
	String origin(String host) {
		return "http://" + host + ":" + port();
	}

	String url(String host, String page, Map<String, String> query) {
		String parameters = query.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return origin(host) + "/" + page + (parameters.isEmpty() ? "" : "?" + parameters);
	}

	private void serve(HttpExchange exchange) throws IOException {
		try (exchange) {
			String name = exchange.getRequestURI().getPath().substring(1);
			String extension = name.substring(name.lastIndexOf('.') + 1);
			InputStream resource = (name.contains("..") || !TYPES.containsKey(extension)) ? null
					: StaticSite.class.getResourceAsStream("/browser/" + name);
			if (resource == null) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			byte[] body;
			try (resource) {
				body = resource.readAllBytes();
			}
			exchange.getResponseHeaders().set("Content-Type", TYPES.get(extension));
			exchange.getResponseHeaders().set("Cache-Control", "no-store");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.close();
	}

}
