package dev.latchkey.config;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HmacKeyTest {

	// RFC 4231, test case 2.
	private static final HmacKey JEFE = new HmacKey(
			new SecretKeySpec("Jefe".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));

	private static final String WHAT_DO_YA_WANT = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

	@Test
	@DisplayName("a signature is HMAC-SHA256 of the message, its parts one after the other")
	void signWhenMessageInPartsThenHmacOfTheirConcatenation() {
		assertThat(hex(JEFE.sign(bytes("what do ya want for nothing?")))).isEqualTo(WHAT_DO_YA_WANT);
		assertThat(hex(JEFE.sign(bytes("what do ya "), bytes(""), bytes("want for nothing?"))))
			.isEqualTo(WHAT_DO_YA_WANT);
	}

	@Test
	@DisplayName("signing leaves the key as it was: the next signature, and other threads', start afresh")
	void signWhenRepeatedAndConcurrentThenEachSignatureStandsAlone() throws Exception {
		assertThat(hex(JEFE.sign(bytes("something else")))).isNotEqualTo(WHAT_DO_YA_WANT);
		assertThat(hex(JEFE.sign(bytes("what do ya want for nothing?")))).isEqualTo(WHAT_DO_YA_WANT);

		Callable<String> signing = () -> hex(JEFE.sign(bytes("what do ya want for nothing?")));
		try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
			List<Future<String>> signatures = threads
				.invokeAll(IntStream.range(0, 2000).mapToObj((i) -> signing).toList());
			for (Future<String> signature : signatures) {
				assertThat(signature.get()).isEqualTo(WHAT_DO_YA_WANT);
			}
		}
	}

	@Test
	@DisplayName("its text shows no key")
	void toStringThenNoKey() {
		assertThat(JEFE).hasToString("HmacKey[****]");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
