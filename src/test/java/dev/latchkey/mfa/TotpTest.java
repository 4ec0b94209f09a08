package dev.latchkey.mfa;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTest {

	/** The SHA-1 seed of RFC 6238's test vectors (Appendix B). */
	private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest(name = "at {0} s: {1}")
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	@DisplayName("RFC 6238's SHA-1 test vectors, with their 8 digits")
	void codeWhenRfcTestVectorThenSame(long seconds, String expected) {
		assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(seconds)), 8)).isEqualTo(expected);
	}

	@Test
	@DisplayName("six digits are the last six of the eight, and a code of the step either side is accepted")
	void matchingStepWhenWithinTheWindowThenFound() {
		Instant now = Instant.ofEpochSecond(1111111111);
		long step = Totp.step(now);

		assertThat(Totp.code(RFC_SECRET, step, 6)).isEqualTo("050471");
		assertThat(Totp.matchingStep(RFC_SECRET, "050471", now)).hasValue(step);
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 1, 6), now)).hasValue(step - 1);
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 1, 6), now)).hasValue(step + 1);
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 2, 6), now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 2, 6), now)).isEmpty();
	}

	@ParameterizedTest(name = "\"{0}\"")
	@CsvSource({ "''", "05047", "0504711", "05047a", "０５０４７１" })
	@DisplayName("anything but six ASCII digits matches nothing")
	void matchingStepWhenNotSixDigitsThenEmpty(String code) {
		assertThat(Totp.matchingStep(RFC_SECRET, code, Instant.ofEpochSecond(1111111111))).isEmpty();
	}

	@Test
	@DisplayName("Base32 as RFC 4648 spells it, without padding")
	void base32WhenRfcTestVectorThenSame() {
		assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
		assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
		assertThat(Base32.encode(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	}

}
