package dev.latchkey.sessions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The User-Agent is stored in sessions.user_agent, a varchar(512): whatever comes, it
 * fits.
 */
class ClientInfoTest {

	@Test
	void keepsAnOrdinaryUserAgentAsItIs() {
		String userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0";

		assertThat(ClientInfo.userAgent(userAgent)).isEqualTo(userAgent);
		assertThat(ClientInfo.userAgent(null)).isNull();
	}

	@Test
	void cutsALongUserAgentTo512Characters() {
		assertThat(ClientInfo.userAgent("u".repeat(8000))).isEqualTo("u".repeat(ClientInfo.MAX_USER_AGENT));
	}

	@Test
	void countsCharactersOutsideTheBmpAsOneAndNeverCutsOneInHalf() {
		String stored = ClientInfo.userAgent("x" + "\ud83d\udd11".repeat(600));

		assertThat(stored.codePointCount(0, stored.length())).isEqualTo(ClientInfo.MAX_USER_AGENT);
		assertThat(stored).isEqualTo("x" + "\ud83d\udd11".repeat(ClientInfo.MAX_USER_AGENT - 1));
	}

	@Test
	void dropsControlCharactersAndUnpairedSurrogates() {
		assertThat(ClientInfo.userAgent("a\u0000b\tc\u007fd\u0085e\ud800f\udc00g\r\n")).isEqualTo("abcdefg");
	}

}
