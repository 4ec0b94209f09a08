package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One client device talking to the running application over real HTTP, with its own
 * {@link CookieJar}: what curl with {@code -b/-c cookies.txt} or one browser profile
 * does.
 */
public final class ApiClient {

	private static final JsonMapper json = JsonMapper.shared();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String baseUrl;

	private final CookieJar cookies = new CookieJar();

	public ApiClient(int port) {
		this.baseUrl = "http://localhost:" + port;
	}

	public CookieJar cookies() {
		return this.cookies;
	}

	public Reply get(String path) {
		return send(request(path).GET());
	}

	/**
	 * GETs {@code path} again until the answer satisfies {@code done} or {@code patience}
	 * has passed, as a person reloading a page would: for what the application does after
	 * a request has been answered, on a thread of its own. Answers the last reply either
	 * way, for the caller to assert on.
	 */
	public Reply getUntil(String path, Predicate<Reply> done, Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		Reply reply = get(path);
		while (!done.test(reply) && System.nanoTime() < deadline) {
			reply = get(path);
		}
		return reply;
	}

	public Reply post(String path) {
		return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
	}

	public Reply post(String path, Object body) {
		return postRaw(path, "application/json", toJson(body));
	}

	public Reply postRaw(String path, String contentType, String body) {
		return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Reply send(String method, String path, Map<String, String> headers, String body) {
		HttpRequest.Builder builder = request(path).method(method,
				body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(builder::header);
		return send(builder);
	}

	/**
	 * Registers and signs in a new user with a unique email; the jar then holds both
	 * cookies.
	 */
	public Reply registerAndLogin(String email, String password) {
		Reply registered = post("/auth/register", Map.of("email", email, "password", password));
		if (registered.status() != 201) {
			throw new IllegalStateException("Registration failed: " + registered);
		}
		Reply login = post("/auth/login", Map.of("email", email, "password", password));
		if (login.status() != 200) {
			throw new IllegalStateException("Login failed: " + login);
		}
		return login;
	}

	public static String uniqueEmail() {
		return "user-" + java.util.UUID.randomUUID() + "@example.com";
	}

	private HttpRequest.Builder request(String path) {
		URI uri = URI.create(this.baseUrl + path);
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
		this.cookies.headerFor(uri).ifPresent((header) -> builder.header("Cookie", header));
		return builder;
	}

	private Reply send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			this.cookies.receive(response.headers().allValues("Set-Cookie"));
			return new Reply(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String toJson(Object body) {
		return (body instanceof String text) ? text : json.writeValueAsString(body);
	}

	/** What came back: status, headers and the body as text (and as JSON on demand). */
	public record Reply(int status, Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return json.readTree(this.body);
		}

		public String code() {
			return json().path("code").asString();
		}

		public List<String> header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.flatMap((entry) -> entry.getValue().stream())
				.toList();
		}

		public String contentType() {
			return header("Content-Type").stream().findFirst().orElse("");
		}

		public List<String> setCookies() {
			return header("Set-Cookie");
		}

	}

}
