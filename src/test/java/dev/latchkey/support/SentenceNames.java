package dev.latchkey.support;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Shows a test method named in camel case as the sentence it spells, so that a report
 * reads as a specification: {@code refreshWhenTheTokenWasSpentThenTheSessionEnds} is
 * shown as "refresh when the token was spent then the session ends". A
 * {@code @DisplayName} still wins. Registered for every test in
 * {@code junit-platform.properties}.
 */
public class SentenceNames extends DisplayNameGenerator.Standard {

	/**
	 * Between a lower-case letter or digit and an upper-case one, between a letter and a
	 * digit, and before the last capital of a run of them ("HTTPServer": "HTTP Server").
	 */
	private static final Pattern WORD_BOUNDARY = Pattern
		.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[A-Z])(?=[A-Z][a-z])");

	@Override
	public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
			Method testMethod) {
		return sentence(testMethod.getName());
	}

	static String sentence(String methodName) {
		StringBuilder sentence = new StringBuilder();
		for (String word : WORD_BOUNDARY.split(methodName.replace('_', ' '))) {
			if (!sentence.isEmpty()) {
				sentence.append(' ');
			}
			sentence.append(isAcronym(word) ? word : word.toLowerCase(Locale.ROOT));
		}
		return sentence.toString();
	}

	/** "HTTP" stays as it is; "A", a word of one letter, reads as the article it is. */
	private static boolean isAcronym(String word) {
		return word.length() > 1 && word.chars().allMatch(Character::isUpperCase);
	}

}
