package dev.latchkey.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifiers Latchkey writes and checks are PostgreSQL's own. */
class ScramSha256Test {

	/** What PostgreSQL 17.7 stored for ALTER ROLE postgres PASSWORD 'abc'. */
	private static final String POSTGRES_VERIFIER_OF_ABC = "SCRAM-SHA-256$4096:hq2pSWOZhA1I39kMOBrZ+g==$"
			+ "zTodbjHAc2DMEZarCllu+EyqTX1Dtopy8OlzFm+sz2g=:QxHeL1vqCBerRMHvnJAE8djMMYjFDGMoST8eJpCN5Y0=";

	@Test
	void checksAPasswordAgainstAVerifierPostgresqlMade() {
		assertThat(ScramSha256.matches(POSTGRES_VERIFIER_OF_ABC, "abc")).isTrue();
		assertThat(ScramSha256.matches(POSTGRES_VERIFIER_OF_ABC, "abd")).isFalse();
		assertThat(ScramSha256.matches(POSTGRES_VERIFIER_OF_ABC, "")).isFalse();
	}

	@Test
	void makesVerifiersWithAFreshSaltThatItsOwnCheckAccepts() {
		String verifier = ScramSha256.verifier("a-generated-password");

		assertThat(verifier).startsWith("SCRAM-SHA-256$4096:").doesNotContain("a-generated-password");
		assertThat(ScramSha256.matches(verifier, "a-generated-password")).isTrue();
		assertThat(ScramSha256.matches(verifier, "another-password")).isFalse();
		assertThat(ScramSha256.verifier("a-generated-password")).isNotEqualTo(verifier);
	}

	@Test
	void refusesWhatIsNotAScramVerifier() {
		assertThat(ScramSha256.matches("md5" + "0".repeat(32), "abc")).isFalse();
		assertThat(ScramSha256.matches("SCRAM-SHA-256$4096:%%%$abc:def", "abc")).isFalse();
		assertThat(ScramSha256.matches("abc", "abc")).isFalse();
	}

}
