package dev.latchkey.support;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceNamesTest {

	@ParameterizedTest(name = "{0} reads \"{1}\"")
	@CsvSource({
			"refreshWhenTheTokenWasSpentThenTheSessionEnds, refresh when the token was spent then the session ends",
			"readsAPostgresqlUrl, reads a postgresql url",
			"cutsALongUserAgentTo512Characters, cuts a long user agent to 512 characters",
			"refusesTheOldHTTPServerHeader, refuses the old HTTP server header",
			"loginWhenPassword_isWrongThen401, login when password is wrong then 401" })
	void methodNameWhenShownThenReadsAsASentence(String methodName, String sentence) {
		assertThat(SentenceNames.sentence(methodName)).isEqualTo(sentence);
	}

}
