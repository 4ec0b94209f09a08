package dev.latchkey.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.support.StartupRefusals;
import dev.latchkey.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real application, started as {@code java -jar} starts it, refuses bad configuration
 * with one sentence naming the variable, instead of starting and failing on the first
 * request.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTest {

	private static final String GOOD_KEY = "startup-refusal-test-key-0123456789abcdef0123";

	@TempDir
	Path dataDir;

	@Test
	@DisplayName("with DATABASE_URL set and no SECRET_KEY, startup fails naming SECRET_KEY")
	void refusesToMakeUpAKeyForARealDatabase(CapturedOutput output) {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=");

		assertThat(refusal).hasMessageContaining("SECRET_KEY").hasMessageContaining("DATABASE_URL");
		assertThat(output).contains("SECRET_KEY is not set");
	}

	@Test
	void refusesASecretKeyShorterThan32Characters() {
		String shortKey = "a-key-that-is-too-short";

		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + shortKey);

		assertThat(refusal).hasMessageContaining("SECRET_KEY").hasMessageContaining("32");
		assertThat(refusal.getMessage()).doesNotContain(shortKey);
	}

	@Test
	void refusesSameSiteNoneWithoutSecureCookies() {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY, "--COOKIE_SAMESITE=none",
				"--COOKIE_SECURE=false");

		assertThat(refusal).hasMessageContaining("COOKIE_SAMESITE").hasMessageContaining("COOKIE_SECURE");
	}

	@Test
	void refusesAWildcardInAllowedOrigins() {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY, "--ALLOWED_ORIGINS=*");

		assertThat(refusal).hasMessageContaining("ALLOWED_ORIGINS");
	}

	@Test
	void refusesAZeroSessionCap() {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY, "--MAX_SESSIONS_PER_USER=0");

		assertThat(refusal).hasMessageContaining("MAX_SESSIONS_PER_USER");
	}

	@Test
	void refusesAMalformedLoginLimitNamingIt() {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY,
				"--RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE=ten");

		assertThat(refusal).hasMessageStartingWith("RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE must look like 10/15m");
	}

	@Test
	void refusesAnAsymmetricAlgorithm() {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY, "--ALGORITHM=RS256");

		assertThat(refusal).hasMessageContaining("ALGORITHM");
	}

	@Test
	void refusesAZeroAccessTokenLifetime() {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY, "--ACCESS_TOKEN_EXPIRE_MINUTES=0");

		assertThat(refusal).hasMessageContaining("ACCESS_TOKEN_EXPIRE_MINUTES");
	}

	@Test
	void refusesAMalformedRateLimitNamingItsVariable() {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY,
				"--RATE_LIMIT_REFRESHES_PER_SESSION=sixty an hour");

		assertThat(refusal).hasMessageStartingWith("RATE_LIMIT_REFRESHES_PER_SESSION");
	}

	@Test
	void refusesADatabaseUrlOfAnotherDatabaseWithoutShowingItsPassword(CapturedOutput output) {
		String password = "do-not-print-this-password";

		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY,
				"--DATABASE_URL=mysql://root:" + password + "@localhost:3306/latchkey");

		assertThat(refusal).hasMessageContaining("DATABASE_URL");
		assertThat(output).doesNotContain(password);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "--server.forward-headers-strategy=native", "--server.forward-headers-strategy=framework",
			"--server.forward-headers-strategy=" })
	@DisplayName("a forward-headers strategy other than none (which would believe X-Forwarded-* from others than "
			+ "TRUSTED_PROXIES) stops startup")
	void refusesAForwardHeadersStrategyOtherThanNone(String setting) {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY, setting);

		assertThat(refusal).hasMessageContaining("SERVER_FORWARD_HEADERS_STRATEGY")
			.hasMessageContaining("TRUSTED_PROXIES");
	}

	@Test
	void refusesTomcatsOwnRemoteIpHeader() {
		InvalidConfiguration refusal = refusalOf("--SECRET_KEY=" + GOOD_KEY,
				"--server.tomcat.remoteip.remote-ip-header=X-Forwarded-For");

		assertThat(refusal).hasMessageContaining("SERVER_TOMCAT_REMOTEIP_REMOTE_IP_HEADER")
			.hasMessageContaining("TRUSTED_PROXIES");
	}

	/**
	 * Starts the application against the test database with the given command-line
	 * arguments (which win over real environment variables), expects it to fail, and
	 * answers the {@link InvalidConfiguration} behind the failure.
	 */
	private InvalidConfiguration refusalOf(String... settings) {
		// A repeated command-line argument would be joined with a comma, so each setting
		// appears once.
		Map<String, String> values = new LinkedHashMap<>();
		values.put("DOTENV_FILE", "");
		values.put("server.port", "0");
		values.put("DATABASE_URL", TestDatabase.url());
		values.put("DATA_DIR", this.dataDir.toString());
		values.put("spring.main.banner-mode", "off");
		for (String setting : settings) {
			String[] nameAndValue = setting.substring(2).split("=", 2);
			values.put(nameAndValue[0], nameAndValue[1]);
		}
		List<String> arguments = new ArrayList<>();
		values.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return StartupRefusals.refusalOf(
				() -> new SpringApplicationBuilder(LatchkeyApplication.class).run(arguments.toArray(String[]::new)));
	}

}
