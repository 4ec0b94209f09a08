package dev.latchkey.users;

import java.util.Locale;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailsTest {

	@Test
	void normalizesToTheFormThatIsStored() {
		assertThat(Emails.normalizeNullable("  Ann@Example.COM\t")).isEqualTo("ann@example.com");
		assertThat(Emails.normalizeNullable(null)).isNull();
	}

	@Test
	void lowerCasingCanLengthenAnAddress() {
		assertThat(Emails.normalize("\u0130@example.com")).isEqualTo("i\u0307@example.com").hasSize(14);
	}

	/**
	 * Requests normalise the address and the service normalises it again: that must not
	 * change it, for any character that has a case (lower-casing leaves the others be).
	 */
	@Test
	void normalizingTwiceIsNormalizingOnce() {
		IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
			.filter((c) -> Character.toLowerCase(c) != c || Character.isLowerCase(c) || Character.isUpperCase(c)
					|| Character.isTitleCase(c))
			.mapToObj((c) -> "a" + Character.toString(c) + "b")
			.forEach((text) -> assertThat(Emails.normalize(Emails.normalize(text))).as("U+%04X", text.codePointAt(1))
				.isEqualTo(Emails.normalize(text)));
		assertThat(Emails.normalize(Emails.normalize("A\u03a3 \u03a3A")))
			.isEqualTo("A\u03a3 \u03a3A".toLowerCase(Locale.ROOT));
	}

}
