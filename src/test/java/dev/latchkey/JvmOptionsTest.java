package dev.latchkey;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JIT directives in the shipped jvm.options name methods of libraries on the
 * classpath; the JVM ignores a directive whose method no longer exists, so a library
 * upgrade that renames one would silently undo it.
 */
class JvmOptionsTest {

	private static final Pattern INLINE = Pattern.compile("-XX:CompileCommand=inline,([\\w.$]+)::([\\w$<>]+)");

	@Test
	@DisplayName("every method jvm.options asks the JIT to inline exists in the class it names")
	void inlineDirectivesNameExistingMethods() throws IOException, ClassNotFoundException {
		List<String> lines = Files.readAllLines(Path.of("jvm.options"));
		List<Matcher> directives = lines.stream()
			.map(String::strip)
			.map(INLINE::matcher)
			.filter(Matcher::matches)
			.toList();
		assertThat(directives).as("inline directives in jvm.options").isNotEmpty();
		for (Matcher directive : directives) {
			Class<?> type = Class.forName(directive.group(1), false, getClass().getClassLoader());
			List<String> methods = Arrays.stream(type.getDeclaredMethods()).map(Method::getName).toList();
			assertThat(methods).as(directive.group()).contains(directive.group(2));
		}
	}

}
