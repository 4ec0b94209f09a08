package dev.latchkey.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.auth.LoginFailed;
import dev.latchkey.ratelimit.RateLimitExceeded;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.web.CrossOriginRequestRefused;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Security events are {@code key=value} lines that a value taken from a request cannot
 * forge, neither by adding a field nor by adding a line.
 */
class EventLogTest {

	/** Sec-Fetch-Site as an attacker sends it: one value that reads like three fields. */
	private static final String FORGED_FETCH_SITE = "same-site event=login_succeeded user_id=" + UUID.randomUUID();

	/**
	 * An Origin with a quote, spaces, a backslash and a Latin-1 letter after the host:
	 * what gets past Tomcat and Spring Security's firewall (which refuse control
	 * characters in headers).
	 */
	private static final String FORGED_ORIGIN_PATH = "/\" event=login_succeeded ip=1.2.3.4 \\\u00e9";

	private static final String FORGED_ORIGIN = "https://evil.example" + FORGED_ORIGIN_PATH;

	@DisplayName("a value is written as it is only when it is made of safe characters")
	@ParameterizedTest(name = "[{0}] -> [{1}]")
	@CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
			019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b | 019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b
			127.0.0.1                            | 127.0.0.1
			0:0:0:0:0:0:0:1                      | 0:0:0:0:0:0:0:1
			/auth/login                          | /auth/login
			https://app.example:8443             | https://app.example:8443
			invalid_credentials                  | invalid_credentials
			cross-site                           | cross-site
			same-site event=login_succeeded      | '"same-site event=login_succeeded"'
			a=b                                  | '"a=b"'
			say "hi"                             | '"say \\"hi\\""'
			back\\slash                          | '"back\\\\slash"'
			null                                 | '"null"'
			''                                   | '""'
			caf\u00e9                             | '"caf\\u00e9"'
			""")
	void writesSafeValuesAsTheyAreAndQuotesTheRest(String value, String written) {
		assertThat(EventLog.value(value)).isEqualTo(written);
	}

	@Test
	void writesControlCharactersAsEscapes() {
		assertThat(EventLog.value("a\nevent=x\r\tb\u0000\u0007\u007f\u0085\u2028"))
			.isEqualTo("\"a\\nevent=x\\r\\tb\\u0000\\u0007\\u007f\\u0085\\u2028\"");
	}

	@Test
	void writesNullAsNull() {
		assertThat(EventLog.value(null)).isEqualTo("null");
	}

	@Test
	void cutsLongValuesAndSaysSo() {
		String written = EventLog.value("a".repeat(10_000));

		assertThat(written).isEqualTo("\"" + "a".repeat(EventLog.MAX_VALUE_LENGTH) + "...\"");
	}

	@Test
	void neverCutsACharacterOutsideTheBmpInHalf() {
		String written = EventLog.value("a".repeat(EventLog.MAX_VALUE_LENGTH - 1) + "\ud83d\udd11");

		assertThat(written).isEqualTo("\"" + "a".repeat(EventLog.MAX_VALUE_LENGTH - 1) + "...\"");
	}

	@Test
	@DisplayName("every SecurityEvents listener writes its values through EventLog, newlines included")
	void securityEventsEscapeEveryValue() {
		List<String> messages = captureSecurityLog(() -> {
			SecurityEvents events = new SecurityEvents(new SimpleMeterRegistry());
			events.on(new CrossOriginRequestRefused("POST", "/auth/login\nevent=login_succeeded",
					FORGED_ORIGIN + "\t\u0085\r\n", FORGED_FETCH_SITE));
			events.on(new LoginFailed("invalid_credentials", "1.2.3.4 event=login_succeeded"));
			events.on(new RateLimitExceeded("login failures\n", null));
		});

		assertThat(messages).hasSize(3).allSatisfy((message) -> assertThat(message).doesNotContain("\n", "\r"));
		assertThat(fields(messages.get(0))).containsExactly(entry("event", "cross_origin_request_refused"),
				entry("method", "POST"), entry("path", "/auth/login\nevent=login_succeeded"),
				entry("origin", FORGED_ORIGIN + "\t\u0085\r\n"), entry("sec_fetch_site", FORGED_FETCH_SITE));
		assertThat(fields(messages.get(1))).containsExactly(entry("event", "login_failed"),
				entry("reason", "invalid_credentials"), entry("ip", "1.2.3.4 event=login_succeeded"));
		assertThat(fields(messages.get(2))).containsExactly(entry("event", "rate_limited"),
				entry("limit", "login failures\n"), entry("ip", "null"));
	}

	@Nested
	@IntegrationTest
	@ExtendWith(OutputCaptureExtension.class)
	class OverHttp {

		@LocalServerPort
		int port;

		@Test
		@DisplayName("a refused cross-origin request with hostile headers logs one line, its values quoted, and forges no field")
		void quotesHostileHeadersOfARefusedCrossOriginRequest(CapturedOutput output) {
			// The Origin names this server, so Spring's CORS filter lets the request on
			// to
			// ours, which refuses it for its Sec-Fetch-Site.
			String host = "localhost:" + this.port;
			String origin = "http://" + host + FORGED_ORIGIN_PATH;
			String answer = sendRaw("POST /auth/login HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
					+ "\r\nSec-Fetch-Site: " + FORGED_FETCH_SITE
					+ "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

			assertThat(answer).startsWith("HTTP/1.1 403").contains("\"code\":\"cross_origin_request\"");
			List<String> securityLines = output.getAll()
				.lines()
				.filter((line) -> line.contains("latchkey.security"))
				.toList();
			assertThat(securityLines).as("security event lines").hasSize(1);
			String line = securityLines.get(0);
			assertThat(line).contains("sec_fetch_site=\"" + FORGED_FETCH_SITE + "\"")
				.contains("origin=\"http://" + host + "/\\\" event=login_succeeded ip=1.2.3.4 \\\\\\u00e9\"");
			List<Map.Entry<String, String>> fields = fields(line.substring(line.indexOf(" : ") + 3));
			assertThat(fields).containsExactly(entry("event", "cross_origin_request_refused"), entry("method", "POST"),
					entry("path", "/auth/login"), entry("origin", origin), entry("sec_fetch_site", FORGED_FETCH_SITE));
			assertThat(output.getAll().lines().filter((candidate) -> candidate.contains(": event=login_succeeded")))
				.as("a forged login line")
				.isEmpty();
		}

		private String sendRaw(String request) {
			try (Socket socket = new Socket("localhost", this.port)) {
				socket.setSoTimeout(30_000);
				socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
				socket.getOutputStream().flush();
				return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * Reads a message the way a log processor reads {@code key=value} lines: fields
	 * separated by one space, each value bare or in double quotes with backslash escapes.
	 * Fails on anything else.
	 */
	static List<Map.Entry<String, String>> fields(String message) {
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		int i = 0;
		while (i < message.length()) {
			int equals = message.indexOf('=', i);
			assertThat(equals).as("a key in: %s", message).isGreaterThan(i);
			String key = message.substring(i, equals);
			assertThat(key).as("a key in: %s", message).matches("[a-z_]+");
			i = equals + 1;
			StringBuilder value = new StringBuilder();
			if (i < message.length() && message.charAt(i) == '"') {
				i++;
				while (message.charAt(i) != '"') {
					char c = message.charAt(i++);
					if (c == '\\') {
						char escaped = message.charAt(i++);
						switch (escaped) {
							case 'n' -> value.append('\n');
							case 'r' -> value.append('\r');
							case 't' -> value.append('\t');
							case 'u' -> {
								value.append((char) Integer.parseInt(message.substring(i, i + 4), 16));
								i += 4;
							}
							default -> value.append(escaped);
						}
					}
					else {
						value.append(c);
					}
				}
				i++;
			}
			else {
				int end = message.indexOf(' ', i);
				end = (end < 0) ? message.length() : end;
				value.append(message, i, end);
				assertThat(value.toString()).as("a bare value in: %s", message).doesNotContain("\"");
				i = end;
			}
			fields.add(Map.entry(key, value.toString()));
			if (i < message.length()) {
				assertThat(message.charAt(i)).as("a space after a value in: %s", message).isEqualTo(' ');
				i++;
			}
		}
		return fields;
	}

	private static List<String> captureSecurityLog(Runnable action) {
		Logger logger = (Logger) LoggerFactory.getLogger("latchkey.security");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			action.run();
		}
		finally {
			logger.detachAppender(appender);
		}
		return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

}
