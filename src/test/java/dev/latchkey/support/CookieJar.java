package dev.latchkey.support;

import java.net.HttpCookie;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A cookie jar that behaves like a browser or curl talking to http://localhost: it keeps
 * cookies by name and path, drops them at Max-Age=0, sends Secure cookies to localhost (a
 * secure context for browsers and curl, unlike the JDK's CookieManager) and sends a
 * cookie only to paths under its Path.
 */
public final class CookieJar {

	private final Map<String, HttpCookie> cookies = new ConcurrentHashMap<>();

	public void receive(List<String> setCookieHeaders) {
		for (String header : setCookieHeaders) {
			for (HttpCookie cookie : HttpCookie.parse(header)) {
				String path = (cookie.getPath() != null) ? cookie.getPath() : "/";
				cookie.setPath(path);
				String key = cookie.getName() + ";" + path;
				if (cookie.getMaxAge() == 0) {
					this.cookies.remove(key);
				}
				else {
					this.cookies.put(key, cookie);
				}
			}
		}
	}

	/** The Cookie header a browser would send to this URI, if any. */
	public Optional<String> headerFor(URI uri) {
		String path = (uri.getPath() == null || uri.getPath().isEmpty()) ? "/" : uri.getPath();
		String header = this.cookies.values()
			.stream()
			.filter((cookie) -> pathMatches(cookie.getPath(), path))
			.map((cookie) -> cookie.getName() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
		return header.isEmpty() ? Optional.empty() : Optional.of(header);
	}

	public Optional<String> value(String name) {
		return this.cookies.values()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	public void set(String name, String value, String path) {
		HttpCookie cookie = new HttpCookie(name, value);
		cookie.setPath(path);
		this.cookies.put(name + ";" + path, cookie);
	}

	public void clear() {
		this.cookies.clear();
	}

	private static boolean pathMatches(String cookiePath, String requestPath) {
		return requestPath.equals(cookiePath) || cookiePath.equals("/")
				|| requestPath.startsWith(cookiePath.endsWith("/") ? cookiePath : cookiePath + "/");
	}

}
