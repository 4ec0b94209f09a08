package dev.latchkey.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import dev.latchkey.config.InvalidConfiguration;

/**
 * The mails Latchkey writes: for each template a {@code .txt} file, whose first line is
 * {@code Subject: ...}, and a {@code .html} file, bundled under {@code mail/} on the
 * classpath. A file of the same name in MAIL_TEMPLATES_DIR replaces its bundled one, so
 * an operator can use their own wording and branding. {@code {{name}}} placeholders take
 * the values the caller passes, as they are in the subject and the text and HTML-escaped
 * in the HTML; {@code app_name} is always APP_NAME.
 * <p>
 * Every template is read and checked at startup, so a broken replacement stops startup
 * instead of failing the request that would have sent it. A placeholder without a value
 * is a bug in the caller and fails the send loudly: a mail with a hole where its link
 * should be must never go out.
 */
@Component
class MailTemplates {

	static final String APP_NAME = "app_name";

	private static final String BUNDLED = "mail/";

	private static final String SUBJECT = "Subject:";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

	private static final Pattern FILE_NAME = Pattern.compile("([a-z0-9][a-z0-9-]*)\\.(txt|html)");

	private final String appName;

	private final Map<String, Template> templates;

	MailTemplates(MailSettings settings) {
		this.appName = settings.appName();
		this.templates = load(settings.templatesDirectory());
	}

	/**
	 * The names of the templates there are, bundled ones and their replacements alike.
	 */
	Set<String> names() {
		return new TreeSet<>(this.templates.keySet());
	}

	/**
	 * The mail a template makes with these values.
	 * @throws IllegalArgumentException for an unknown template, a placeholder without a
	 * value, or a subject that would span lines
	 */
	RenderedMail render(String name, Map<String, String> values) {
		Template template = this.templates.get(name);
		if (template == null) {
			throw new IllegalArgumentException("There is no mail template named '" + name + "'");
		}
		Map<String, String> all = new HashMap<>(values);
		all.put(APP_NAME, this.appName);
		String subject = fill(name, template.subject(), all, UnaryOperator.identity());
		if (subject.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException("The subject of mail template '" + name + "' would hold a control "
					+ "character: subject values must be one line");
		}
		String text = fill(name, template.text(), all, UnaryOperator.identity());
		String html = fill(name, template.html(), all, (value) -> HtmlUtils.htmlEscape(value, "UTF-8"));
		return new RenderedMail(subject, text, html);
	}

	private static String fill(String name, String source, Map<String, String> values, UnaryOperator<String> escape) {
		Matcher matcher = PLACEHOLDER.matcher(source);
		StringBuilder filled = new StringBuilder(source.length() + 64);
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			if (value == null) {
				throw new IllegalArgumentException(
						"Mail template '" + name + "' needs a value for {{" + matcher.group(1) + "}}");
			}
			matcher.appendReplacement(filled, Matcher.quoteReplacement(escape.apply(value)));
		}
		matcher.appendTail(filled);
		return filled.toString();
	}

	private static Map<String, Template> load(Optional<Path> directory) {
		Map<String, String> files = bundledFiles();
		Map<String, String> replacements = directory.map(MailTemplates::replacements).orElse(Map.of());
		replacements.forEach((file, content) -> {
			if (!files.containsKey(file)) {
				throw new InvalidConfiguration("MAIL_TEMPLATES_DIR holds " + file
						+ ", which replaces no bundled template (they are " + String.join(", ", files.keySet()) + ").");
			}
			files.put(file, content);
		});
		Map<String, Template> templates = new LinkedHashMap<>();
		for (String file : files.keySet()) {
			if (file.endsWith(".txt")) {
				String name = file.substring(0, file.length() - ".txt".length());
				String html = files.get(name + ".html");
				if (html == null) {
					throw new IllegalStateException("The bundled mail template " + name + " has no .html file");
				}
				templates.put(name, Template.of(name, files.get(file), html, replacements.containsKey(file)));
			}
		}
		return Map.copyOf(templates);
	}

	/** File name to content, of every bundled template file. */
	private static Map<String, String> bundledFiles() {
		Map<String, String> files = new TreeMap<>();
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath:" + BUNDLED + "*");
			for (Resource resource : resources) {
				String file = resource.getFilename();
				if (file != null && FILE_NAME.matcher(file).matches()) {
					files.put(file, normalized(resource.getContentAsString(StandardCharsets.UTF_8)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the bundled mail templates", ex);
		}
		return files;
	}

	/** File name to content, of the template files in MAIL_TEMPLATES_DIR. */
	private static Map<String, String> replacements(Path directory) {
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> entries = Files.list(directory)) {
			for (Path entry : entries.filter(Files::isRegularFile).toList()) {
				String file = entry.getFileName().toString();
				if (FILE_NAME.matcher(file).matches()) {
					files.put(file, normalized(Files.readString(entry, StandardCharsets.UTF_8)));
				}
			}
		}
		catch (IOException ex) {
			throw new InvalidConfiguration("MAIL_TEMPLATES_DIR could not be read (" + ex.getClass().getSimpleName()
					+ "): check that the directory and its files are readable.");
		}
		return files;
	}

	private static String normalized(String content) {
		String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
		return text.replace("\r\n", "\n").replace('\r', '\n');
	}

	private record Template(String subject, String text, String html) {

		static Template of(String name, String txt, String html, boolean replaced) {
			List<String> lines = txt.lines().toList();
			if (lines.isEmpty() || !lines.get(0).startsWith(SUBJECT)) {
				String message = "The mail template " + name + ".txt must start with a line 'Subject: ...'.";
				if (replaced) {
					throw new InvalidConfiguration("MAIL_TEMPLATES_DIR: " + message);
				}
				throw new IllegalStateException(message);
			}
			String subject = lines.get(0).substring(SUBJECT.length()).strip();
			int bodyStart = (lines.size() > 1 && lines.get(1).isBlank()) ? 2 : 1;
			String text = String.join("\n", lines.subList(bodyStart, lines.size())) + "\n";
			return new Template(subject, text, html);
		}

	}

}
