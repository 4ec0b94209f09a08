package dev.latchkey.mail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.HtmlUtils;

/**
 * GET /dev/mailbox: the dev mailbox as a page, newest mail first, each with its time,
 * recipient, subject and text, and the links in the text clickable. It is shown only in
 * zero-setup mode without SMTP_HOST (see {@link MailConfiguration}) and only to requests
 * from this machine, since its mails hold working links; in any other mode and to anyone
 * else it answers the 404 of a path that does not exist. It is left out of the API
 * document.
 * <p>
 * Everything shown is HTML-escaped, links included; the page has no script and only an
 * inline style sheet, which the Content-Security-Policy allows, and is never cached.
 */
@Hidden
@RestController
class DevMailboxController {

	static final String PATH = "/dev/mailbox";

	private static final Logger logger = LoggerFactory.getLogger(DevMailboxController.class);

	private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"']+");

	private final DevMailbox mailbox;

	private final boolean shown;

	DevMailboxController(DevMailbox mailbox, MailRoute route) {
		this.mailbox = mailbox;
		this.shown = route.toDevMailbox();
	}

	@GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> mailbox(HttpServletRequest request) throws NoResourceFoundException {
		if (!this.shown || !fromThisMachine(request)) {
			// Exactly what a path that does not exist answers.
			throw new NoResourceFoundException(HttpMethod.GET, request.getRequestURI(), PATH.substring(1));
		}
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.body(page(this.mailbox.newestFirst()));
	}

	@EventListener
	void announce(WebServerInitializedEvent event) {
		if (this.shown && event.getApplicationContext().getServerNamespace() == null) {
			logger.info(
					"Zero-setup mode: SMTP_HOST is not set, so mails are not sent but kept in memory "
							+ "(the last {}) and shown at http://localhost:{}{}",
					DevMailbox.CAPACITY, event.getWebServer().getPort(), PATH);
		}
	}

	/**
	 * The client is on this machine: its address, as {@code TrustedProxyFilter} left it
	 * (the real client behind a trusted proxy), is a loopback address.
	 */
	private static boolean fromThisMachine(HttpServletRequest request) {
		try {
			// An IP literal, so this looks nothing up.
			return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	static String page(List<DevMailbox.DevMail> mails) {
		StringBuilder html = new StringBuilder(4096);
		html.append(
				"""
						<!DOCTYPE html>
						<html lang="en">
						<head>
						<meta charset="utf-8">
						<title>Dev mailbox</title>
						<link rel="icon" href="data:,">
						<style>
						body { font-family: sans-serif; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; color: #222; }
						article { border-top: 1px solid #ccc; padding: 1rem 0; }
						dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; margin: 0 0 0.8rem; }
						dt { color: #666; }
						dd { margin: 0; }
						pre { white-space: pre-wrap; word-break: break-word; background: #f6f6f6; padding: 0.8rem; margin: 0; }
						</style>
						</head>
						<body>
						<h1>Dev mailbox</h1>
						<p>Mails Latchkey sent since it started, newest first: SMTP_HOST is not set, so they went nowhere else.</p>
						""");
		if (mails.isEmpty()) {
			html.append("<p>No mail yet.</p>\n");
		}
		for (DevMailbox.DevMail mail : mails) {
			html.append("<article>\n<dl>\n")
				.append("<dt>Time</dt><dd><time>")
				.append(escape(mail.receivedAt().toString()))
				.append("</time></dd>\n")
				.append("<dt>To</dt><dd>")
				.append(escape(mail.to()))
				.append("</dd>\n")
				.append("<dt>Subject</dt><dd>")
				.append(escape(mail.subject()))
				.append("</dd>\n</dl>\n<pre>")
				.append(linked(mail.text()))
				.append("</pre>\n</article>\n");
		}
		return html.append("</body>\n</html>\n").toString();
	}

	/** The text escaped, with each http(s) link in it an anchor to itself. */
	static String linked(String text) {
		StringBuilder html = new StringBuilder(text.length() + 64);
		Matcher link = LINK.matcher(text);
		int end = 0;
		while (link.find()) {
			html.append(escape(text.substring(end, link.start())));
			String url = escape(link.group());
			html.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
			end = link.end();
		}
		return html.append(escape(text.substring(end))).toString();
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text, "UTF-8");
	}

}
