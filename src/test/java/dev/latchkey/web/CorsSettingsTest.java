package dev.latchkey.web;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.latchkey.config.InvalidConfiguration;
import dev.latchkey.support.TestSettings;

import static dev.latchkey.support.SettingsRefusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals of bad ALLOWED_ORIGINS, each with an {@link InvalidConfiguration} whose
 * one sentence names the variable, and the forms of the list it is read from.
 */
class CorsSettingsTest {

	@ParameterizedTest(name = "ALLOWED_ORIGINS={0}")
	@ValueSource(strings = { "*", " * ", "[\"*\"]" })
	void refusesAWildcardBecauseRequestsCarryCookies(String origin) {
		InvalidConfiguration refusal = refusal(() -> bindCors(origin));

		assertThat(refusal).hasMessageContaining("ALLOWED_ORIGINS").hasMessageContaining("*");
	}

	@Test
	void refusesAWildcardAmongOtherOrigins() {
		InvalidConfiguration refusal = refusal(() -> bindCors("http://localhost:3000,*"));

		assertThat(refusal).hasMessageContaining("ALLOWED_ORIGINS");
	}

	@ParameterizedTest(name = "ALLOWED_ORIGINS={0}")
	@ValueSource(strings = { "http://app.example.com/path", "https://app.example.com/app/", "app.example.com",
			"ftp://app.example.com", "http://app example.com" })
	void refusesAnEntryThatIsNotAnOrigin(String origin) {
		InvalidConfiguration refusal = refusal(() -> bindCors(origin));

		assertThat(refusal).hasMessageContaining("ALLOWED_ORIGINS");
	}

	@Test
	void dropsATrailingSlashSoThatOriginsCompareAsBrowsersSendThem() {
		assertThat(bindCors("https://app.example.com/").allowedOrigins()).containsExactly("https://app.example.com");
	}

	@Test
	@DisplayName("ALLOWED_ORIGINS written as a JSON-style list, as the template's .env does, binds to its origins")
	void bindsAJsonStyleList() {
		CorsSettings cors = bindCors("[\"http://a.com\",\"http://b.com\"]");

		assertThat(cors.allowedOrigins()).containsExactly("http://a.com", "http://b.com");
	}

	@Test
	void bindsAJsonStyleListWithSpacesAndSingleQuotes() {
		CorsSettings cors = bindCors("[ 'http://a.com' , 'https://b.com:8443' ]");

		assertThat(cors.allowedOrigins()).containsExactly("http://a.com", "https://b.com:8443");
	}

	@Test
	void bindsACommaSeparatedList() {
		CorsSettings cors = bindCors("http://localhost:3000, http://localhost:5173");

		assertThat(cors.allowedOrigins()).containsExactly("http://localhost:3000", "http://localhost:5173");
	}

	@Test
	void bindsAnEmptyValueToNoOrigins() {
		assertThat(bindCors("").allowedOrigins()).isEmpty();
	}

	private static CorsSettings bindCors(String allowedOrigins) {
		return TestSettings.defaults().with("ALLOWED_ORIGINS", allowedOrigins).bind(CorsSettings.class);
	}

}
