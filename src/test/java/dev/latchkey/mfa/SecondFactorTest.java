package dev.latchkey.mfa;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.Authenticator;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TestMailServer;
import dev.latchkey.support.TokenClaims;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user turns TOTP on, signs in with it and with a recovery code, and is asked to step
 * up before sensitive changes; an attacker with the password, a seen code, a used
 * recovery code, a reset link or a stolen access cookie tries to get past it. Codes are
 * computed here from the enrolment's secret, at the application's clock.
 */
@IntegrationTest
class SecondFactorTest {

	private static final String PASSWORD = "second-factor-password-1";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("enrolment answers a secret and, on its first code, ten recovery codes; then login gives no session until the code")
	void loginWhenTotpEnabledThenNoSessionUntilTheCode() {
		String email = ApiClient.uniqueEmail();
		ApiClient owner = new ApiClient(this.port);
		owner.registerAndLogin(email, PASSWORD);
		assertThat(owner.get("/users/me/mfa").json().path("totp").asBoolean()).isFalse();

		Reply started = owner.post("/users/me/mfa/totp");
		assertThat(started.status()).isEqualTo(200);
		String secret = started.json().path("secret").asString();
		assertThat(started.json().path("otpauth_uri").asString()).startsWith("otpauth://totp/Latchkey:")
			.contains("secret=" + secret)
			.contains("issuer=Latchkey");
		assertProblem(owner.post("/users/me/mfa/totp/confirm", Map.of("code", wrong(secret))), 400, "mfa_code_invalid");
		Reply confirmed = owner.post("/users/me/mfa/totp/confirm", Map.of("code", code(secret)));
		assertThat(confirmed.status()).isEqualTo(200);
		assertThat(confirmed.json().path("recovery_codes").values()).hasSize(10);
		JsonNode status = owner.get("/users/me/mfa").json();
		assertThat(status.path("totp").asBoolean()).isTrue();
		assertThat(status.path("recovery_codes_left").asInt()).isEqualTo(10);
		assertThat(owner.get("/users/me/mfa").body()).doesNotContain(secret);

		ApiClient device = new ApiClient(this.port);
		Reply login = login(device, email);
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.json().path("mfa_required").asBoolean()).isTrue();
		assertThat(login.json().path("methods").values()).extracting(JsonNode::asString)
			.containsExactly("totp", "recovery_code");
		assertThat(device.cookies().value("access_token")).as("no session yet").isEmpty();
		assertThat(device.cookies().value("refresh_token")).isEmpty();
		assertThat(device.get("/users/me").status()).isEqualTo(401);

		this.clock.advance(Duration.ofSeconds(30));
		Reply verified = device.post("/auth/mfa/verify", Map.of("code", code(secret)));

		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.json().path("user").path("email").asString()).isEqualTo(email);
		String accessToken = device.cookies().value("access_token").orElseThrow();
		assertThat(TokenClaims.of(accessToken).path("amr").values()).extracting(JsonNode::asString)
			.containsExactly("pwd", "otp");
		assertThat(device.cookies().value("mfa_challenge")).as("the challenge is cleared").isEmpty();
		assertThat(device.get("/users/me").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("a wrong password answers as it always has, with no challenge")
	void loginWhenPasswordWrongThenNoChallenge() {
		String email = ApiClient.uniqueEmail();
		enrolled(email);
		ApiClient attacker = new ApiClient(this.port);

		assertProblem(attacker.post("/auth/login", Map.of("email", email, "password", "wrong-password-1")), 401,
				"invalid_credentials");
		assertThat(attacker.cookies().value("mfa_challenge")).isEmpty();
		assertProblem(attacker.post("/auth/mfa/verify", Map.of("code", "123456")), 401, "mfa_challenge_invalid");
	}

	@Test
	@DisplayName("a code is accepted once: the same code on a second sign-in is refused")
	void verifyWhenCodeReplayedThenRefused() {
		String email = ApiClient.uniqueEmail();
		String secret = enrolled(email).secret();
		this.clock.advance(Duration.ofSeconds(30));
		String code = code(secret);

		ApiClient first = new ApiClient(this.port);
		login(first, email);
		assertThat(first.post("/auth/mfa/verify", Map.of("code", code)).status()).isEqualTo(200);
		ApiClient second = new ApiClient(this.port);
		login(second, email);

		assertProblem(second.post("/auth/mfa/verify", Map.of("code", code)), 401, "mfa_code_invalid");
		assertThat(second.cookies().value("access_token")).isEmpty();
	}

	@Test
	@DisplayName("five wrong codes end the challenge: the right code after them signs nobody in")
	void verifyWhenFiveWrongCodesThenTheChallengeEnds() {
		String email = ApiClient.uniqueEmail();
		String secret = enrolled(email).secret();
		this.clock.advance(Duration.ofSeconds(30));
		ApiClient attacker = new ApiClient(this.port);
		login(attacker, email);

		for (int i = 0; i < MfaChallenges.MAX_FAILURES; i++) {
			assertProblem(attacker.post("/auth/mfa/verify", Map.of("code", wrong(secret))), 401, "mfa_code_invalid");
		}

		assertProblem(attacker.post("/auth/mfa/verify", Map.of("code", code(secret))), 401, "mfa_challenge_invalid");
		assertThat(attacker.cookies().value("access_token")).isEmpty();
	}

	@Test
	@DisplayName("a recovery code signs in once, in any case and without its dash; used, it is refused")
	void verifyWhenRecoveryCodeUsedThenOnceOnly() {
		String email = ApiClient.uniqueEmail();
		String recoveryCode = enrolled(email).recoveryCodes().get(3);

		ApiClient lostPhone = new ApiClient(this.port);
		login(lostPhone, email);
		assertThat(lostPhone.post("/auth/mfa/verify", Map.of("code", recoveryCode.replace("-", "").toUpperCase()))
			.status()).isEqualTo(200);
		assertThat(TokenClaims.of(lostPhone.cookies().value("access_token").orElseThrow()).path("amr").values())
			.extracting(JsonNode::asString)
			.containsExactly("pwd", "otp");
		assertThat(lostPhone.get("/users/me/mfa").json().path("recovery_codes_left").asInt()).isEqualTo(9);

		ApiClient again = new ApiClient(this.port);
		login(again, email);
		assertProblem(again.post("/auth/mfa/verify", Map.of("code", recoveryCode)), 401, "mfa_code_invalid");
	}

	@Test
	@DisplayName("a sensitive change long after the factor was proved needs a step-up, which proves it again")
	void changeWhenFactorProvedLongAgoThenStepUpRequiredThenAllowed() {
		String email = ApiClient.uniqueEmail();
		Enrolled enrolled = enrolled(email);
		ApiClient owner = enrolled.client();
		Map<String, String> change = Map.of("current_password", PASSWORD, "new_password", "changed-password-2");

		this.clock.advance(Duration.ofMinutes(11));
		assertProblem(owner.post("/users/me/password", change), 403, "step_up_required");
		assertProblem(owner.send("DELETE", "/users/me/mfa/totp", Map.of(), ""), 403, "step_up_required");
		assertProblem(owner.post("/users/me/mfa/recovery-codes"), 403, "step_up_required");
		assertProblem(owner.post("/auth/mfa/step-up", Map.of("code", wrong(enrolled.secret()))), 400,
				"mfa_code_invalid");

		assertThat(owner.post("/auth/mfa/step-up", Map.of("code", code(enrolled.secret()))).status()).isEqualTo(204);

		assertThat(owner.post("/users/me/password", change).status()).isEqualTo(200);
		assertThat(owner.post("/users/me/mfa/recovery-codes").json().path("recovery_codes").values()).hasSize(10);
	}

	@Test
	@DisplayName("a password reset by email does not bypass the factor, and turning it off needs a fresh proof")
	void resetWhenFactorEnabledThenLoginStillAsksForIt() {
		String email = ApiClient.uniqueEmail();
		Enrolled enrolled = enrolled(email);
		ApiClient anyone = new ApiClient(this.port);
		anyone.post("/auth/forgot-password", Map.of("email", email));
		String token = TestMailServer.shared().awaitToken(email, "reset-password", 1);
		assertThat(anyone.post("/auth/reset-password", Map.of("token", token, "password", "reset-password-3")).status())
			.isEqualTo(200);

		Reply login = anyone.post("/auth/login", Map.of("email", email, "password", "reset-password-3"));

		assertThat(login.json().path("mfa_required").asBoolean()).isTrue();
		assertThat(anyone.cookies().value("access_token")).isEmpty();

		ApiClient owner = new ApiClient(this.port);
		login(owner, email, "reset-password-3");
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(owner.post("/auth/mfa/verify", Map.of("code", code(enrolled.secret()))).status()).isEqualTo(200);
		assertThat(owner.send("DELETE", "/users/me/mfa/totp", Map.of(), "").status()).isEqualTo(204);
		Reply plain = new ApiClient(this.port).post("/auth/login",
				Map.of("email", email, "password", "reset-password-3"));
		assertThat(plain.json().path("user").path("email").asString()).as("signed in with the password alone")
			.isEqualTo(email);
	}

	@Test
	@DisplayName("the database holds the TOTP secret sealed and the recovery codes as digests, never either in clear")
	void secretsWhenStoredThenNeitherReadable() {
		String email = ApiClient.uniqueEmail();
		Enrolled enrolled = enrolled(email);
		String userId = enrolled.client().get("/users/me").json().path("id").asString();

		byte[] stored = this.jdbc.queryForObject("select secret from totp_credentials where user_id = ?::uuid",
				byte[].class, userId);
		List<byte[]> digests = this.jdbc.queryForList("select digest from recovery_codes where user_id = ?::uuid",
				byte[].class, userId);

		byte[] secret = Authenticator.decode(enrolled.secret());
		assertThat(indexOf(stored, secret)).as("the secret's bytes are not in the row").isNegative();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(enrolled.secret());
		assertThat(digests).hasSize(10).allSatisfy((digest) -> {
			String text = new String(digest, StandardCharsets.ISO_8859_1);
			enrolled.recoveryCodes().forEach((code) -> assertThat(text).doesNotContain(code.replace("-", "")));
		});
	}

	@Test
	@DisplayName("an access cookie of a sign-in older than STEP_UP_MAX_AGE_MINUTES cannot put an authenticator on the account")
	void startWhenSignInIsOldThenRecentSignInRequired() {
		ApiClient stolen = new ApiClient(this.port);
		stolen.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		this.clock.advance(Duration.ofMinutes(11));

		assertProblem(stolen.post("/users/me/mfa/totp"), 403, "recent_sign_in_required");
		assertThat(stolen.get("/users/me/mfa").json().path("totp").asBoolean()).isFalse();
	}

	@Test
	@DisplayName("a second enrolment while TOTP is on is refused")
	void startWhenAlreadyEnabledThenConflict() {
		ApiClient owner = enrolled(ApiClient.uniqueEmail()).client();

		assertProblem(owner.post("/users/me/mfa/totp"), 409, "totp_already_enabled");
	}

	private Enrolled enrolled(String email) {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(email, PASSWORD);
		String secret = client.post("/users/me/mfa/totp").json().path("secret").asString();
		Reply confirmed = client.post("/users/me/mfa/totp/confirm", Map.of("code", code(secret)));
		assertThat(confirmed.status()).isEqualTo(200);
		List<String> codes = new ArrayList<>();
		confirmed.json().path("recovery_codes").values().forEach((code) -> codes.add(code.asString()));
		return new Enrolled(client, secret, codes);
	}

	private Reply login(ApiClient client, String email) {
		return login(client, email, PASSWORD);
	}

	private Reply login(ApiClient client, String email, String password) {
		Reply login = client.post("/auth/login", Map.of("email", email, "password", password));
		assertThat(login.status()).isEqualTo(200);
		return login;
	}

	/** The code an authenticator app shows now, by the application's clock. */
	private String code(String base32Secret) {
		return Authenticator.code(base32Secret, this.clock.instant());
	}

	private String wrong(String base32Secret) {
		return Authenticator.wrongCode(base32Secret, this.clock.instant());
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		for (int i = 0; i + needle.length <= haystack.length; i++) {
			if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
				return i;
			}
		}
		return -1;
	}

	record Enrolled(ApiClient client, String secret, List<String> recoveryCodes) {
	}

}
