package dev.latchkey.mfa;

import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.SoftwarePasskey;
import dev.latchkey.support.TokenClaims;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user adds a passkey, signs in with it alone, uses it as the second step after the
 * password and to step up, and removes it; an attacker replays answers, answers one
 * ceremony with another's challenge or another account's options, claims another origin,
 * skips user verification, races one answer twice and shows a cloned key's counter. The
 * authenticator is {@link SoftwarePasskey}; the browser's part is in
 * {@code PasskeyBrowserTest}.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PasskeyTest {

	private static final String PASSWORD = "passkey-owner-password-1";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("the first passkey answers recovery codes once, is listed, and makes the password ask for a second step")
	void registerWhenFirstFactorThenRecoveryCodesAndSecondStep() {
		String email = ApiClient.uniqueEmail();
		ApiClient owner = signedIn(email);
		SoftwarePasskey key = new SoftwarePasskey();

		JsonNode options = owner.post("/users/me/passkeys/options").json();
		assertThat(options.path("rp").path("id").asString()).isEqualTo("localhost");
		assertThat(options.path("rp").path("name").asString()).isEqualTo("Latchkey");
		assertThat(options.path("user").path("name").asString()).isEqualTo(email);
		assertThat(options.path("authenticatorSelection").path("residentKey").asString()).isEqualTo("required");
		assertThat(options.path("authenticatorSelection").path("userVerification").asString()).isEqualTo("preferred");
		assertThat(options.path("pubKeyCredParams").values()).extracting((param) -> param.path("alg").asInt())
			.containsExactly(-7, -8, -257);
		assertThat(options.path("excludeCredentials").values()).isEmpty();

		Reply added = owner.post("/users/me/passkeys",
				Map.of("credential", key.create(options, origin()), "name", "Work laptop"));
		assertThat(added.status()).isEqualTo(201);
		assertThat(added.json().path("name").asString()).isEqualTo("Work laptop");
		assertThat(added.json().path("recovery_codes").values()).hasSize(10);
		JsonNode status = owner.get("/users/me/mfa").json();
		assertThat(status.path("totp").asBoolean()).isFalse();
		assertThat(status.path("passkeys").asInt()).isEqualTo(1);
		assertThat(status.path("recovery_codes_left").asInt()).isEqualTo(10);
		JsonNode listed = owner.get("/users/me/passkeys").json();
		assertThat(listed.values()).hasSize(1);
		assertThat(listed.path(0).path("id").asString()).isEqualTo(added.json().path("id").asString());
		assertThat(listed.path(0).path("last_used_at").isNull()).isTrue();

		JsonNode again = owner.post("/users/me/passkeys/options").json();
		assertThat(again.path("excludeCredentials").path(0).path("id").asString()).isEqualTo(key.credentialId());
		SoftwarePasskey second = new SoftwarePasskey();
		Reply secondAdded = owner.post("/users/me/passkeys",
				Map.of("credential", second.create(again, origin()), "name", "Phone"));
		assertThat(secondAdded.status()).isEqualTo(201);
		assertThat(secondAdded.json().has("recovery_codes")).as("codes only with the first factor").isFalse();

		ApiClient device = new ApiClient(this.port);
		Reply login = device.post("/auth/login", Map.of("email", email, "password", PASSWORD));
		assertThat(login.json().path("mfa_required").asBoolean()).isTrue();
		assertThat(login.json().path("methods").values()).extracting(JsonNode::asString)
			.containsExactly("recovery_code", "passkey");
		assertThat(device.cookies().value("access_token")).isEmpty();
	}

	@Test
	@DisplayName("a passkey alone signs in, with user verification, as amr hwk and mfa; its answer works once")
	void signInWithPasskeyWhenUserVerifiedThenSessionOnce() {
		String email = ApiClient.uniqueEmail();
		SoftwarePasskey key = registered(signedIn(email));

		ApiClient device = new ApiClient(this.port);
		JsonNode options = device.post("/auth/passkey/options").json();
		assertThat(options.path("rpId").asString()).isEqualTo("localhost");
		assertThat(options.path("userVerification").asString()).isEqualTo("required");
		assertThat(options.path("allowCredentials").values()).isEmpty();
		Map<String, Object> answer = key.get(options, origin());
		Reply signedIn = device.post("/auth/passkey/login", Map.of("credential", answer));
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(signedIn.json().path("user").path("email").asString()).isEqualTo(email);
		var access = device.cookies().value("access_token");
		assertThat(TokenClaims.of(access.orElseThrow()).path("amr").values()).extracting(JsonNode::asString)
			.containsExactly("hwk", "mfa");
		assertThat(device.get("/users/me").status()).isEqualTo(200);
		assertThat(device.get("/users/me/passkeys").json().path(0).path("last_used_at").isNull()).isFalse();

		assertProblem(new ApiClient(this.port).post("/auth/passkey/login", Map.of("credential", answer)), 401,
				"passkey_invalid");
	}

	@Test
	@DisplayName("a passkey sign-in refuses an unverified user, another origin, another ceremony's challenge and junk")
	void signInWithPasskeyWhenAnswerIsWrongThenRefused() {
		ApiClient owner = signedIn(ApiClient.uniqueEmail());
		SoftwarePasskey key = registered(owner);
		ApiClient attacker = new ApiClient(this.port);

		JsonNode options = attacker.post("/auth/passkey/options").json();
		assertProblem(attacker.post("/auth/passkey/login", Map.of("credential", key.get(options, origin(), false))),
				401, "passkey_invalid");
		assertProblem(
				attacker.post("/auth/passkey/login",
						Map.of("credential",
								key.get(attacker.post("/auth/passkey/options").json(), "https://evil.example"))),
				401, "passkey_invalid");
		JsonNode registration = owner.post("/users/me/passkeys/options").json();
		assertProblem(
				attacker.post("/auth/passkey/login", Map.of("credential", key.get(withRpId(registration), origin()))),
				401, "passkey_invalid");
		assertProblem(
				attacker.post("/auth/passkey/login",
						Map.of("credential",
								new SoftwarePasskey().get(attacker.post("/auth/passkey/options").json(), origin()))),
				401, "passkey_invalid");
		assertProblem(attacker.post("/auth/passkey/login", Map.of("credential", Map.of("id", "AAAA"))), 401,
				"passkey_invalid");
		assertProblem(attacker.post("/auth/passkey/login", "{\"credential\": {}}"), 422, "validation_failed");
		assertThat(attacker.cookies().value("access_token")).isEmpty();
	}

	@Test
	@DisplayName("by default, pages of ALLOWED_ORIGINS may use passkeys as well as Latchkey's own origin")
	void signInWithPasskeyWhenPageIsAnAllowedOriginThenSignedIn() {
		SoftwarePasskey key = registered(signedIn(ApiClient.uniqueEmail()));
		ApiClient frontend = new ApiClient(this.port);

		Reply signedIn = frontend.post("/auth/passkey/login",
				Map.of("credential", key.get(frontend.post("/auth/passkey/options").json(), "http://localhost:5173")));

		assertThat(signedIn.status()).isEqualTo(200);
	}

	@Test
	@DisplayName("options answered after five minutes are refused")
	void signInWithPasskeyWhenOptionsExpiredThenRefused() {
		SoftwarePasskey key = registered(signedIn(ApiClient.uniqueEmail()));
		ApiClient device = new ApiClient(this.port);
		JsonNode options = device.post("/auth/passkey/options").json();

		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

		assertProblem(device.post("/auth/passkey/login", Map.of("credential", key.get(options, origin()))), 401,
				"passkey_invalid");
	}

	@Test
	@DisplayName("a passkey's name is trimmed, at most 64 characters, without control characters")
	void registerWhenNameIsBadThenRefused() {
		ApiClient owner = signedIn(ApiClient.uniqueEmail());
		SoftwarePasskey key = new SoftwarePasskey();
		JsonNode options = owner.post("/users/me/passkeys/options").json();
		Map<String, Object> answer = key.create(options, origin());

		assertProblem(owner.post("/users/me/passkeys", Map.of("credential", answer, "name", "x".repeat(65))), 422,
				"validation_failed");
		assertProblem(owner.post("/users/me/passkeys", Map.of("credential", answer, "name", "Laptop\u0000")), 422,
				"validation_failed");
		assertProblem(owner.post("/users/me/passkeys", Map.of("credential", answer, "name", "   ")), 422,
				"validation_failed");
		Reply added = owner.post("/users/me/passkeys", Map.of("credential", answer, "name", "  Laptop  "));
		assertThat(added.status()).as("validation refused it before its challenge was used").isEqualTo(201);
		assertThat(added.json().path("name").asString()).isEqualTo("Laptop");
	}

	@Test
	@DisplayName("of two requests racing with one passkey answer, one signs in")
	void signInWithPasskeyWhenOneAnswerRacesTwiceThenOneSession() throws Exception {
		SoftwarePasskey key = registered(signedIn(ApiClient.uniqueEmail()));
		Map<String, Object> answer = key.get(new ApiClient(this.port).post("/auth/passkey/options").json(), origin());

		CountDownLatch start = new CountDownLatch(1);
		Callable<Integer> attempt = () -> {
			start.await();
			return new ApiClient(this.port).post("/auth/passkey/login", Map.of("credential", answer)).status();
		};
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			List<Future<Integer>> results = List.of(pool.submit(attempt), pool.submit(attempt));
			start.countDown();
			for (Future<Integer> result : results) {
				statuses.add(result.get());
			}
		}
		assertThat(statuses).containsExactlyInAnyOrder(200, 401);
	}

	@Test
	@DisplayName("a counter that goes backwards, as from a cloned key, refuses the sign-in and is logged")
	void signInWithPasskeyWhenCounterGoesBackwardsThenRefused(CapturedOutput output) {
		SoftwarePasskey key = registered(signedIn(ApiClient.uniqueEmail()));
		key.counter(40);
		ApiClient device = new ApiClient(this.port);
		assertThat(device
			.post("/auth/passkey/login",
					Map.of("credential", key.get(device.post("/auth/passkey/options").json(), origin())))
			.status()).isEqualTo(200);

		key.counter(10);
		assertProblem(
				device.post("/auth/passkey/login",
						Map.of("credential", key.get(device.post("/auth/passkey/options").json(), origin()))),
				401, "passkey_invalid");
		assertThat(this.jdbc.queryForObject("select sign_count from passkeys where credential_id = decode(?, 'base64')",
				Long.class, standardBase64(key.credentialId())))
			.isEqualTo(41);
		List<String> events = output.getAll().lines().filter((line) -> line.contains("event=passkey")).toList();
		assertThat(events).anySatisfy((line) -> assertThat(line).contains("event=passkey_added"));
		assertThat(events).anySatisfy((line) -> assertThat(line).contains("event=passkey_counter_regressed")
			.contains("stored_count=41")
			.contains("presented_count=11"));
		assertThat(output.getAll()).doesNotContain(key.credentialId());
	}

	@Test
	@DisplayName("after the password, the account's own passkey finishes the sign-in; another account's does not")
	void verifyPasskeyWhenSecondStepThenOwnPasskeyOnly() {
		String email = ApiClient.uniqueEmail();
		SoftwarePasskey key = registered(signedIn(email));
		SoftwarePasskey strangers = registered(signedIn(ApiClient.uniqueEmail()));

		ApiClient device = new ApiClient(this.port);
		device.post("/auth/login", Map.of("email", email, "password", PASSWORD));
		JsonNode options = device.post("/auth/mfa/passkey/options").json();
		assertThat(options.path("allowCredentials").path(0).path("id").asString()).isEqualTo(key.credentialId());
		assertProblem(device.post("/auth/mfa/passkey", Map.of("credential", strangers.get(options, origin()))), 401,
				"passkey_invalid");
		JsonNode fresh = device.post("/auth/mfa/passkey/options").json();
		Reply signedIn = device.post("/auth/mfa/passkey", Map.of("credential", key.get(fresh, origin(), false)));
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(TokenClaims.of(device.cookies().value("access_token").orElseThrow()).path("amr").values())
			.extracting(JsonNode::asString)
			.containsExactly("pwd", "hwk");
		assertThat(device.cookies().value("mfa_challenge")).isEmpty();

		assertProblem(new ApiClient(this.port).post("/auth/mfa/passkey/options"), 401, "mfa_challenge_invalid");
	}

	@Test
	@DisplayName("a sensitive change after the step-up window needs the passkey again, and then works")
	void stepUpWithPasskeyWhenWindowPassedThenSensitiveChangeWorks() {
		ApiClient owner = signedIn(ApiClient.uniqueEmail());
		SoftwarePasskey key = registered(owner);
		this.clock.advance(Duration.ofMinutes(11));

		assertProblem(owner.post("/users/me/passkeys/options"), 403, "step_up_required");
		assertProblem(owner.send("DELETE", "/users/me/passkeys/" + passkeyId(owner), Map.of(), ""), 403,
				"step_up_required");
		assertProblem(owner.post("/users/me/mfa/recovery-codes"), 403, "step_up_required");
		JsonNode options = owner.post("/auth/mfa/step-up/passkey/options").json();
		assertProblem(
				owner.post("/auth/mfa/step-up/passkey", Map.of("credential", key.get(options, "https://evil.example"))),
				400, "passkey_invalid");
		JsonNode fresh = owner.post("/auth/mfa/step-up/passkey/options").json();
		assertThat(owner.post("/auth/mfa/step-up/passkey", Map.of("credential", key.get(fresh, origin()))).status())
			.isEqualTo(204);
		assertThat(owner.post("/users/me/passkeys/options").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("another account's options, passkey ids and answers get nothing")
	void passkeysWhenAnotherAccountsThenNotFoundOrInvalid() {
		ApiClient owner = signedIn(ApiClient.uniqueEmail());
		registered(owner);
		ApiClient other = signedIn(ApiClient.uniqueEmail());

		JsonNode ownersOptions = owner.post("/users/me/passkeys/options").json();
		assertProblem(
				other.post("/users/me/passkeys",
						Map.of("credential", new SoftwarePasskey().create(ownersOptions, origin()), "name", "Stolen")),
				400, "passkey_invalid");
		assertProblem(other.send("DELETE", "/users/me/passkeys/" + passkeyId(owner), Map.of(), ""), 404,
				"passkey_not_found");
		assertProblem(other.send("DELETE", "/users/me/passkeys/not-a-uuid", Map.of(), ""), 404, "passkey_not_found");
		assertThat(other.get("/users/me/passkeys").json().values()).isEmpty();
		assertProblem(other.post("/auth/mfa/step-up/passkey/options"), 404, "passkey_not_enabled");
		assertProblem(other.post("/users/me/passkeys", Map.of("credential", Map.of("id", "AAAA"), "name", "Junk")), 400,
				"passkey_invalid");
		assertThat(owner.get("/users/me/passkeys").json().values()).hasSize(1);
	}

	@Test
	@DisplayName("a registration answer works once; the same passkey twice is a conflict")
	void registerWhenReplayedOrTwiceThenRefused() {
		ApiClient owner = signedIn(ApiClient.uniqueEmail());
		SoftwarePasskey key = new SoftwarePasskey();
		Map<String, Object> answer = key.create(owner.post("/users/me/passkeys/options").json(), origin());
		assertThat(owner.post("/users/me/passkeys", Map.of("credential", answer, "name", "Laptop")).status())
			.isEqualTo(201);
		assertProblem(owner.post("/users/me/passkeys", Map.of("credential", answer, "name", "Laptop")), 400,
				"passkey_invalid");
		Map<String, Object> again = key.create(owner.post("/users/me/passkeys/options").json(), origin());
		assertProblem(owner.post("/users/me/passkeys", Map.of("credential", again, "name", "Laptop")), 409,
				"passkey_already_registered");
	}

	@Test
	@DisplayName("removing the last passkey takes the recovery codes with it and the password signs in alone again")
	void removeWhenLastFactorThenRecoveryCodesGo() {
		String email = ApiClient.uniqueEmail();
		ApiClient owner = signedIn(email);
		registered(owner);

		Reply removed = owner.send("DELETE", "/users/me/passkeys/" + passkeyId(owner), Map.of(), "");
		assertThat(removed.status()).isEqualTo(204);
		JsonNode status = owner.get("/users/me/mfa").json();
		assertThat(status.path("passkeys").asInt()).isZero();
		assertThat(status.path("recovery_codes_left").asInt()).isZero();
		assertProblem(owner.post("/users/me/mfa/recovery-codes"), 404, "mfa_not_enabled");

		ApiClient device = new ApiClient(this.port);
		Reply login = device.post("/auth/login", Map.of("email", email, "password", PASSWORD));
		assertThat(login.json().has("mfa_required")).isFalse();
		assertThat(device.cookies().value("access_token")).isNotEmpty();
	}

	@Test
	@DisplayName("a recovery code finishes the sign-in of an account whose only factor is a passkey")
	void verifyWhenPasskeyOnlyAccountThenRecoveryCodeWorks() {
		String email = ApiClient.uniqueEmail();
		ApiClient owner = signedIn(email);
		Reply added = owner.post("/users/me/passkeys",
				Map.of("credential",
						new SoftwarePasskey().create(owner.post("/users/me/passkeys/options").json(), origin()), "name",
						"Only key"));
		String recoveryCode = added.json().path("recovery_codes").path(0).asString();

		ApiClient device = new ApiClient(this.port);
		device.post("/auth/login", Map.of("email", email, "password", PASSWORD));
		assertThat(device.post("/auth/mfa/verify", Map.of("code", recoveryCode)).status()).isEqualTo(200);
		assertThat(owner.get("/users/me/mfa").json().path("recovery_codes_left").asInt()).isEqualTo(9);
	}

	private ApiClient signedIn(String email) {
		ApiClient client = new ApiClient(this.port);
		client.registerAndLogin(email, PASSWORD);
		return client;
	}

	private SoftwarePasskey registered(ApiClient owner) {
		SoftwarePasskey key = new SoftwarePasskey();
		Reply added = owner.post("/users/me/passkeys", Map.of("credential",
				key.create(owner.post("/users/me/passkeys/options").json(), origin()), "name", "Key"));
		assertThat(added.status()).isEqualTo(201);
		return key;
	}

	private static String passkeyId(ApiClient owner) {
		return owner.get("/users/me/passkeys").json().path(0).path("id").asString();
	}

	/** Registration options carry their RP ID under rp.id; request options as rpId. */
	private static JsonNode withRpId(JsonNode creationOptions) {
		return JsonMapper.shared()
			.createObjectNode()
			.put("challenge", creationOptions.path("challenge").asString())
			.put("rpId", creationOptions.path("rp").path("id").asString());
	}

	private static String standardBase64(String urlSafe) {
		return Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(urlSafe));
	}

	private String origin() {
		return "http://localhost:" + this.port;
	}

}
