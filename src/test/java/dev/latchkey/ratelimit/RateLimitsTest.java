package dev.latchkey.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.config.ServerSecret;
import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.RunningInstance;
import dev.latchkey.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abuse limits: failed logins per account and address, per trusted device, per
 * account and per address; all logins per address; registrations per address and
 * refreshes per session, answered with 429 rate_limited and Retry-After, kept in
 * PostgreSQL under keyed digests only.
 * <p>
 * Every test client is 127.0.0.1, so loopback is a trusted proxy here and each test
 * speaks from addresses of its own through X-Forwarded-For: tests (and other test classes
 * on the same database) never share a bucket.
 */
@IntegrationTest
@TestPropertySource(properties = { "RATE_LIMITS_ENABLED=true", "RATE_LIMIT_LOGINS_PER_ADDRESS=20/15m",
		"RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS=3/15m", "RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE=3/15m",
		"RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT=8/15m", "RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS=6/15m",
		"RATE_LIMIT_REGISTRATIONS_PER_ADDRESS=4/1h", "RATE_LIMIT_REFRESHES_PER_SESSION=5/1h",
		"RATE_LIMIT_MAIL_REQUESTS_PER_EMAIL=3/1h", "RATE_LIMIT_MAIL_REQUESTS_PER_ADDRESS=6/1h",
		"RATE_LIMIT_TOKEN_FAILURES_PER_ADDRESS=3/15m", "TRUSTED_PROXIES=127.0.0.1,::1" })
class RateLimitsTest {

	static final String PASSWORD = "correct-horse-battery";

	static final String WRONG_PASSWORD = "wrong-horse-battery";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ServerSecret secret;

	// Failed logins per account and address (3/15m)

	@Test
	@DisplayName("after 3 failed logins for an account from one address the 4th answers 429 rate_limited with a Retry-After in seconds")
	void loginWhenAccountAndAddressFailuresExhaustedThen429WithRetryAfter() {
		String email = register(this.port, newAddress());
		String address = newAddress();

		for (int i = 1; i <= 3; i++) {
			Reply failed = login(this.port, address, email, WRONG_PASSWORD);
			assertThat(failed.status()).as("failure %d", i).isEqualTo(401);
			assertThat(failed.code()).isEqualTo("invalid_credentials");
		}
		Reply limited = login(this.port, address, email, WRONG_PASSWORD);

		assertRateLimited(limited);
		assertThat(retryAfterSeconds(limited)).as("one attempt comes back every 5 minutes")
			.isBetween(1L, Duration.ofMinutes(15).toSeconds());
	}

	@Test
	@DisplayName("an account limited from one address refuses the right password there, but not from anywhere else: the guesser cannot lock the owner out")
	void loginWhenAccountLimitedFromOneAddressThenOwnerElsewhereSignsIn() {
		String email = register(this.port, newAddress());
		String attacker = newAddress();
		for (int i = 0; i < 3; i++) {
			assertThat(login(this.port, attacker, email, WRONG_PASSWORD).status()).isEqualTo(401);
		}

		Reply refused = login(this.port, attacker, email, PASSWORD);
		assertRateLimited(refused);
		assertThat(refused.setCookies()).as("no session was opened").isEmpty();
		assertThat(refused.body()).doesNotContain(email);

		assertThat(login(this.port, newAddress(), email, PASSWORD).status()).as("the owner, from their own address")
			.isEqualTo(200);
	}

	@Test
	@DisplayName("the limit is counted per account: another account from the same address still signs in")
	void loginWhenOneAccountLimitedThenOtherAccountsUnaffected() {
		String address = newAddress();
		String limitedEmail = register(this.port, address);
		String otherEmail = register(this.port, address);
		for (int i = 0; i < 3; i++) {
			assertThat(login(this.port, address, limitedEmail, WRONG_PASSWORD).status()).isEqualTo(401);
		}
		assertRateLimited(login(this.port, address, limitedEmail, PASSWORD));

		assertThat(login(this.port, address, otherEmail, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("the limit ignores the case and spaces of the email")
	void loginWhenEmailSpelledDifferentlyThenSameAccountBucket() {
		String email = register(this.port, newAddress());
		String address = newAddress();
		assertThat(login(this.port, address, email.toUpperCase(), WRONG_PASSWORD).status()).isEqualTo(401);
		assertThat(login(this.port, address, "  " + email + " ", WRONG_PASSWORD).status()).isEqualTo(401);
		assertThat(login(this.port, address, email, WRONG_PASSWORD).status()).isEqualTo(401);

		assertRateLimited(login(this.port, address, email, PASSWORD));
	}

	@Test
	@DisplayName("successful logins are not counted as failures: ten in a row all succeed, and three failures still fit after them")
	void loginWhenSuccessfulThenNotCountedAgainstTheAccount() {
		String email = register(this.port, newAddress());
		String address = newAddress();

		for (int i = 1; i <= 10; i++) {
			assertThat(login(this.port, address, email, PASSWORD).status()).as("successful login %d", i).isEqualTo(200);
		}
		for (int i = 1; i <= 3; i++) {
			assertThat(login(this.port, address, email, WRONG_PASSWORD).status()).as("failure %d", i).isEqualTo(401);
		}
		assertRateLimited(login(this.port, address, email, WRONG_PASSWORD));
	}

	@Test
	@DisplayName("a success between failures does not reset the count: only failures count, and all of them do")
	void loginWhenSuccessBetweenFailuresThenFailuresStillAddUp() {
		String email = register(this.port, newAddress());
		String address = newAddress();

		assertThat(login(this.port, address, email, WRONG_PASSWORD).status()).isEqualTo(401);
		assertThat(login(this.port, address, email, WRONG_PASSWORD).status()).isEqualTo(401);
		assertThat(login(this.port, address, email, PASSWORD).status()).isEqualTo(200);
		assertThat(login(this.port, address, email, WRONG_PASSWORD).status()).isEqualTo(401);

		assertRateLimited(login(this.port, address, email, WRONG_PASSWORD));
	}

	@Test
	@DisplayName("once Retry-After has passed the right password signs in again, and after the whole period all attempts are back")
	void loginWhenClockPassesRetryAfterThenAllowedAgain() {
		String email = register(this.port, newAddress());
		String address = newAddress();
		failLogins(address, email, 3);
		Reply limited = login(this.port, address, email, PASSWORD);
		assertRateLimited(limited);

		this.clock.advance(Duration.ofSeconds(retryAfterSeconds(limited)));

		assertThat(login(this.port, address, email, PASSWORD).status()).isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
		failLogins(address, email, 3);
		assertRateLimited(login(this.port, address, email, WRONG_PASSWORD));
	}

	@Test
	@DisplayName("an unknown email is limited like a real one, so the limit does not reveal which accounts exist")
	void loginWhenEmailUnknownThenLimitedLikeRealAccount() {
		String unknown = ApiClient.uniqueEmail();
		String address = newAddress();
		for (int i = 0; i < 3; i++) {
			assertThat(login(this.port, address, unknown, WRONG_PASSWORD).code()).isEqualTo("invalid_credentials");
		}

		assertRateLimited(login(this.port, address, unknown, WRONG_PASSWORD));
	}

	// Failed logins per account, from untrusted devices anywhere (8/15m)

	@Test
	@DisplayName("guesses spread over many addresses reach the loose account limit: a new device is refused even the right password")
	void loginWhenGuessesSpreadOverAddressesThenAccountLimitStopsThem() {
		String email = register(this.port, newAddress());
		for (int i = 1; i <= 8; i++) {
			assertThat(login(this.port, newAddress(), email, WRONG_PASSWORD).status()).as("guess %d", i).isEqualTo(401);
		}

		assertRateLimited(login(this.port, newAddress(), email, WRONG_PASSWORD));
		assertRateLimited(login(this.port, newAddress(), email, PASSWORD));
	}

	// Failed logins per trusted device (3/15m)

	@Test
	@DisplayName("a device that signed in before is judged by its own bucket: with the account limit reached by guessers everywhere, it still signs in")
	void loginWhenAccountLimitReachedElsewhereThenTrustedDeviceSignsIn() {
		String address = newAddress();
		String email = register(this.port, address);
		Device owner = Device.signedIn(this.port, address, email);
		assertThat(owner.client().cookies().value("device_token")).as("the device cookie").isPresent();
		for (int i = 0; i < 8; i++) {
			assertThat(login(this.port, newAddress(), email, WRONG_PASSWORD).status()).isEqualTo(401);
		}
		assertRateLimited(login(this.port, address, email, PASSWORD));

		assertThat(owner.post("/auth/login", Map.of("email", email, "password", PASSWORD)).status())
			.as("the owner's device, from the very address the guessers share")
			.isEqualTo(200);
	}

	@Test
	@DisplayName("a trusted device's own wrong passwords are limited by its bucket")
	void loginWhenTrustedDeviceFailsThenItsOwnBucketLimitsIt() {
		String address = newAddress();
		String email = register(this.port, address);
		Device device = Device.signedIn(this.port, address, email);
		for (int i = 0; i < 3; i++) {
			assertThat(device.post("/auth/login", Map.of("email", email, "password", WRONG_PASSWORD)).status())
				.isEqualTo(401);
		}

		assertRateLimited(device.post("/auth/login", Map.of("email", email, "password", PASSWORD)));
		assertThat(login(this.port, newAddress(), email, PASSWORD).status())
			.as("the device's failures were not the account's")
			.isEqualTo(200);
	}

	@Test
	@DisplayName("a device cookie earned on one account, or forged, makes no device trusted for another account")
	void loginWhenDeviceCookieOfAnotherAccountOrForgedThenUntrusted() {
		String attackerAddress = newAddress();
		String attackersOwn = register(this.port, attackerAddress);
		String victim = register(this.port, newAddress());
		Device attacker = Device.signedIn(this.port, attackerAddress, attackersOwn);
		for (int i = 0; i < 3; i++) {
			assertThat(attacker.post("/auth/login", Map.of("email", victim, "password", WRONG_PASSWORD)).status())
				.isEqualTo(401);
		}
		assertRateLimited(attacker.post("/auth/login", Map.of("email", victim, "password", WRONG_PASSWORD)));

		Device forger = new Device(this.port, newAddress());
		forger.client().cookies().set("device_token", "A".repeat(64), "/auth/login");
		for (int i = 0; i < 3; i++) {
			assertThat(forger.post("/auth/login", Map.of("email", victim, "password", WRONG_PASSWORD)).status())
				.isEqualTo(401);
		}
		assertRateLimited(forger.post("/auth/login", Map.of("email", victim, "password", WRONG_PASSWORD)));
	}

	// All logins per address (20/15m)

	@Test
	@DisplayName("every login from one address counts against its logins limit, successful ones too")
	void loginWhenManyFromOneAddressThenLimitedEvenWhenSuccessful() {
		String address = newAddress();
		String email = register(this.port, newAddress());
		for (int i = 1; i <= 20; i++) {
			assertThat(login(this.port, address, email, PASSWORD).status()).as("login %d", i).isEqualTo(200);
		}

		assertRateLimited(login(this.port, address, email, PASSWORD));
		assertThat(login(this.port, newAddress(), email, PASSWORD).status()).isEqualTo(200);
	}

	// Clients are grouped by IPv6 /64

	@Test
	@DisplayName("addresses in one IPv6 /64 share the per-address limits; another /64 does not")
	void loginWhenAddressesRotateWithinOneIpv6Slash64ThenTheyShareABucket() {
		String slash64 = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000)) + ":"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
		for (int i = 1; i <= 6; i++) {
			String rotated = slash64 + ":" + Integer.toHexString(i) + ":0:0:" + Integer.toHexString(i);
			assertThat(login(this.port, rotated, ApiClient.uniqueEmail(), WRONG_PASSWORD).status())
				.as("failure %d from a fresh address of one /64", i)
				.isEqualTo(401);
		}

		assertRateLimited(login(this.port, slash64 + "::beef", ApiClient.uniqueEmail(), WRONG_PASSWORD));
		assertThat(login(this.port, newAddress(), ApiClient.uniqueEmail(), WRONG_PASSWORD).status()).as("another /64")
			.isEqualTo(401);
	}

	@Test
	@DisplayName("an IPv4 client written as an IPv4-mapped IPv6 address shares the bucket of its IPv4 address")
	void loginWhenIpv4MappedThenSameBucketAsIpv4() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String ipv4 = "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + random.nextInt(256);
		for (int i = 0; i < 3; i++) {
			assertThat(login(this.port, ipv4, ApiClient.uniqueEmail(), WRONG_PASSWORD).status()).isEqualTo(401);
		}
		for (int i = 0; i < 3; i++) {
			assertThat(login(this.port, "::ffff:" + ipv4, ApiClient.uniqueEmail(), WRONG_PASSWORD).status())
				.isEqualTo(401);
		}

		assertRateLimited(login(this.port, ipv4, ApiClient.uniqueEmail(), WRONG_PASSWORD));
	}

	// Failed logins per address (6/15m)

	@Test
	@DisplayName("6 failed logins from one address against different accounts, then that address is refused for any account")
	void loginWhenAddressFailuresExhaustedAcrossAccountsThen429() {
		String address = newAddress();
		String victim = register(this.port, newAddress());
		for (int i = 1; i <= 6; i++) {
			Reply failed = login(this.port, address, ApiClient.uniqueEmail(), WRONG_PASSWORD);
			assertThat(failed.status()).as("failure %d from one address", i).isEqualTo(401);
		}

		assertRateLimited(login(this.port, address, ApiClient.uniqueEmail(), WRONG_PASSWORD));
		assertRateLimited(login(this.port, address, victim, PASSWORD));

		assertThat(login(this.port, newAddress(), victim, PASSWORD).status())
			.as("the same account from another address")
			.isEqualTo(200);
	}

	@Test
	@DisplayName("the address limit counts the address X-Forwarded-For names behind a trusted proxy, not the proxy")
	void loginWhenBehindTrustedProxyThenClientAddressIsLimitedNotProxy() {
		String address = newAddress();
		for (int i = 0; i < 6; i++) {
			assertThat(login(this.port, address, ApiClient.uniqueEmail(), WRONG_PASSWORD).status()).isEqualTo(401);
		}
		assertRateLimited(login(this.port, address, ApiClient.uniqueEmail(), WRONG_PASSWORD));

		String email = register(this.port, newAddress());
		assertThat(login(this.port, newAddress(), email, PASSWORD).status())
			.as("other clients behind the same proxy (127.0.0.1) are not limited")
			.isEqualTo(200);
	}

	// Registrations per address (4/1h)

	@Test
	@DisplayName("4 registrations from one address, then 429 with Retry-After; another address still registers")
	void registerWhenAddressLimitReachedThen429() {
		String address = newAddress();
		for (int i = 1; i <= 4; i++) {
			assertThat(register(this.port, address, ApiClient.uniqueEmail()).status()).as("registration %d", i)
				.isEqualTo(201);
		}
		String refusedEmail = ApiClient.uniqueEmail();

		Reply limited = register(this.port, address, refusedEmail);

		assertRateLimited(limited);
		assertThat(retryAfterSeconds(limited)).isBetween(1L, Duration.ofHours(1).toSeconds());
		assertThat(this.jdbc.queryForObject("select count(*) from users where email = ?", Integer.class, refusedEmail))
			.as("no account was created")
			.isZero();
		assertThat(register(this.port, newAddress(), refusedEmail).status()).isEqualTo(201);
	}

	@Test
	@DisplayName("a limited address may register again once the clock has moved past Retry-After")
	void registerWhenClockPassesRetryAfterThenAllowedAgain() {
		String address = newAddress();
		for (int i = 0; i < 4; i++) {
			assertThat(register(this.port, address, ApiClient.uniqueEmail()).status()).isEqualTo(201);
		}
		Reply limited = register(this.port, address, ApiClient.uniqueEmail());
		assertRateLimited(limited);

		this.clock.advance(Duration.ofSeconds(retryAfterSeconds(limited)));

		assertThat(register(this.port, address, ApiClient.uniqueEmail()).status()).isEqualTo(201);
	}

	// Refreshes per session (5/1h)

	@Test
	@DisplayName("5 refreshes of one session, then 429; the session is not ended and other sessions still refresh")
	void refreshWhenSessionLimitReachedThen429AndSessionSurvives() {
		String address = newAddress();
		String email = register(this.port, address);
		Device busy = Device.signedIn(this.port, address, email);
		Device calm = Device.signedIn(this.port, address, email);

		for (int i = 1; i <= 5; i++) {
			assertThat(busy.post("/auth/refresh").status()).as("refresh %d", i).isEqualTo(200);
		}
		Reply limited = busy.post("/auth/refresh");

		assertRateLimited(limited);
		assertThat(retryAfterSeconds(limited)).isBetween(1L, Duration.ofHours(1).toSeconds());
		assertThat(limited.setCookies()).as("the cookies stay, the session goes on").isEmpty();
		assertThat(busy.get("/users/me").status()).isEqualTo(200);
		assertThat(calm.post("/auth/refresh").status()).as("the limit is per session").isEqualTo(200);

		this.clock.advance(Duration.ofSeconds(retryAfterSeconds(limited)));
		assertThat(busy.post("/auth/refresh").status()).isEqualTo(200);
	}

	@Test
	@DisplayName("a thief who empties the session's refresh bucket cannot hide the victim's replay: it is refresh_token_reused, not 429, and the session ends")
	void refreshWhenBucketEmptiedByThiefThenVictimsReplayStillDetectsReuse() {
		String address = newAddress();
		Device victim = Device.signedIn(this.port, address, register(this.port, address));
		Device thief = new Device(this.port, newAddress());
		thief.client()
			.cookies()
			.set("refresh_token", victim.client().cookies().value("refresh_token").orElseThrow(), "/auth");
		for (int i = 1; i <= 5; i++) {
			assertThat(thief.post("/auth/refresh").status()).as("the thief's refresh %d", i).isEqualTo(200);
		}
		assertRateLimited(thief.post("/auth/refresh"));

		this.clock.advance(Duration.ofSeconds(11));
		Reply replay = victim.post("/auth/refresh");

		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.code()).isEqualTo("refresh_token_reused");
		assertThat(thief.post("/auth/refresh").code()).as("the session has ended for the thief too")
			.isEqualTo("refresh_token_invalid");
	}

	@Test
	@DisplayName("refused refreshes are not counted: a replayed spent token never empties the owner's bucket")
	void refreshWhenRefusedThenNotCounted() {
		String address = newAddress();
		Device device = Device.signedIn(this.port, address, register(this.port, address));
		Device stranger = new Device(this.port, newAddress());
		for (int i = 0; i < 10; i++) {
			stranger.client().cookies().set("refresh_token", "not-a-token-" + i, "/auth");
			assertThat(stranger.post("/auth/refresh").code()).isEqualTo("refresh_token_invalid");
		}

		for (int i = 1; i <= 5; i++) {
			assertThat(device.post("/auth/refresh").status()).as("refresh %d", i).isEqualTo(200);
		}
	}

	// Wrong passwords on the account endpoints, counted per session (3/15m)

	@Test
	@DisplayName("wrong current passwords on /users/me/password are limited per session, and never stop the account's logins")
	void changePasswordWhenCurrentWrongThenLimitedPerSession() {
		String address = newAddress();
		String email = register(this.port, address);
		Device device = Device.signedIn(this.port, address, email);

		for (int i = 1; i <= 3; i++) {
			Reply wrong = device.post("/users/me/password",
					Map.of("current_password", WRONG_PASSWORD, "new_password", "brand-new-password"));
			assertThat(wrong.status()).as("wrong current password %d", i).isEqualTo(403);
			assertThat(wrong.code()).isEqualTo("invalid_password");
		}

		assertRateLimited(device.post("/users/me/password",
				Map.of("current_password", PASSWORD, "new_password", "brand-new-password")));
		assertThat(device.get("/users/me").status()).as("the signed-in session itself goes on").isEqualTo(200);
		assertThat(login(this.port, newAddress(), email, PASSWORD).status()).isEqualTo(200);
		Device otherSession = Device.signedIn(this.port, address, email);
		assertThat(otherSession
			.post("/users/me/password", Map.of("current_password", PASSWORD, "new_password", "brand-new-password"))
			.status()).as("the owner's other session has its own count").isEqualTo(200);
	}

	@Test
	@DisplayName("wrong passwords on DELETE /users/me count together with wrong current passwords of the same session")
	void deleteAccountWhenPasswordWrongThenCountsWithThatSessionsOtherChecks() {
		String address = newAddress();
		String email = register(this.port, address);
		Device device = Device.signedIn(this.port, address, email);

		assertThat(device.delete("/users/me", Map.of("password", WRONG_PASSWORD)).status()).isEqualTo(403);
		assertThat(device.delete("/users/me", Map.of("password", WRONG_PASSWORD)).status()).isEqualTo(403);
		assertThat(device
			.post("/users/me/password",
					Map.of("current_password", WRONG_PASSWORD, "new_password", "brand-new-password"))
			.status()).isEqualTo(403);

		assertRateLimited(device.delete("/users/me", Map.of("password", PASSWORD)));
		assertThat(device.get("/users/me").status()).as("the account was not deleted").isEqualTo(200);
	}

	@Test
	@DisplayName("a right current password is not counted: many password changes in a row all succeed")
	void changePasswordWhenCurrentRightThenNotCounted() {
		String address = newAddress();
		String email = register(this.port, address);
		Device device = Device.signedIn(this.port, address, email);
		String current = PASSWORD;

		for (int i = 1; i <= 5; i++) {
			String next = "rotated-password-" + i;
			assertThat(device.post("/users/me/password", Map.of("current_password", current, "new_password", next))
				.status()).as("password change %d", i).isEqualTo(200);
			current = next;
		}
	}

	@Test
	@DisplayName("each refusal is counted in latchkey_rate_limited_total under the limit that refused it")
	void rateLimitedWhenRefusedThenCountedByLimit() {
		String email = register(this.port, newAddress());
		String address = newAddress();
		failLogins(address, email, 3);
		double before = rateLimitedCount("login_failures_per_account_and_address");

		assertRateLimited(login(this.port, address, email, PASSWORD));
		assertRateLimited(login(this.port, address, email, PASSWORD));

		assertThat(rateLimitedCount("login_failures_per_account_and_address") - before).isEqualTo(2);
	}

	// What the buckets store

	@Test
	@DisplayName("rate_limit_buckets keys buckets by a digest keyed with the server's secret: no email and no address in any row, and no plain digest either")
	void bucketsWhenUsedThenHoldNoPlainEmailOrAddress() {
		String address = newAddress();
		String email = register(this.port, address);
		assertThat(login(this.port, address, email, WRONG_PASSWORD).status()).isEqualTo(401);
		Device device = Device.signedIn(this.port, address, email);
		assertThat(device.post("/auth/refresh").status()).isEqualTo(200);

		List<String> ids = this.jdbc.queryForList("select id from rate_limit_buckets", String.class);

		assertThat(ids).allSatisfy((id) -> assertThat(id).matches("(logins_per_address|login_failures_per_account"
				+ "|login_failures_per_account_and_address|login_failures_per_device|login_failures_per_address"
				+ "|registrations_per_address|refreshes_per_session):([0-9]+/[0-9]+s:)?[0-9a-f]{32}"));
		assertThat(ids).noneSatisfy((id) -> assertThat(id).containsIgnoringCase(email.substring(0, email.indexOf('@'))))
			.noneSatisfy((id) -> assertThat(id).contains(address))
			.noneSatisfy((id) -> assertThat(id).endsWith(sha256(email)))
			.noneSatisfy((id) -> assertThat(id).endsWith(sha256(addressBlock(address))));
		assertThat(ids).as("the account's buckets are there, under the keyed digest of its email and address")
			.anySatisfy((id) -> assertThat(id).startsWith("login_failures_per_account:").endsWith(keyed(email)))
			.anySatisfy((id) -> assertThat(id).startsWith("login_failures_per_account_and_address:")
				.endsWith(keyed(email + " " + addressBlock(address))))
			.anySatisfy((id) -> assertThat(id).startsWith("login_failures_per_address:")
				.endsWith(keyed(addressBlock(address))))
			.anySatisfy((id) -> assertThat(id).startsWith("registrations_per_address:")
				.endsWith(keyed(addressBlock(address))));
		assertThat(
				this.jdbc
					.queryForObject(
							"select count(*) from rate_limit_buckets where position(convert_to(?, 'UTF8') in state) > 0"
									+ " or position(convert_to(?, 'UTF8') in state) > 0",
							Integer.class, email, address))
			.as("nor inside a bucket's state")
			.isZero();
	}

	// Changing a limit

	@Test
	@DisplayName("a limit changed in the configuration applies at once to subjects that already have a bucket")
	void registerWhenLimitLoweredThenExistingBucketsFollowTheNewLimit() {
		String address = newAddress();
		try (RunningInstance looser = RunningInstance
			.start(Map.of("DATABASE_URL", TestDatabase.url(), "RATE_LIMITS_ENABLED", "true",
					"RATE_LIMIT_REGISTRATIONS_PER_ADDRESS", "1000/1h", "TRUSTED_PROXIES", "127.0.0.1,::1"))) {
			assertThat(register(looser.port(), address, ApiClient.uniqueEmail()).status()).isEqualTo(201);
		}

		// This instance allows 4 an hour, whatever the bucket the other one left behind
		// allowed.
		int registered = 0;
		Reply answer = register(this.port, address, ApiClient.uniqueEmail());
		while (answer.status() == 201 && registered < 10) {
			registered++;
			answer = register(this.port, address, ApiClient.uniqueEmail());
		}
		assertRateLimited(answer);
		assertThat(registered).as("registrations allowed after the limit was lowered to 4/1h").isLessThanOrEqualTo(4);
	}

	/**
	 * RATE_LIMITS_ENABLED=false switches every limit off, however small the limits
	 * configured.
	 */
	@Nested
	@TestPropertySource(properties = "RATE_LIMITS_ENABLED=false")
	@DisplayName("with RATE_LIMITS_ENABLED=false")
	class Disabled {

		@LocalServerPort
		int port;

		@Autowired
		JdbcTemplate jdbc;

		@Test
		@DisplayName("the small limits of the enclosing class are configured, and switched off")
		void limitsConfiguredButSwitchedOff(@Autowired RateLimitSettings settings) {
			assertThat(settings.enabled()).isFalse();
			assertThat(settings.loginFailuresPerAccountAndAddress().count()).isEqualTo(3);
			assertThat(settings.registrationsPerAddress().count()).isEqualTo(4);
		}

		@Test
		@DisplayName("many failed logins for one account and from one address never get 429, and the right password still signs in")
		void loginWhenLimitsDisabledThenNeverLimited() {
			String address = newAddress();
			String email = register(this.port, address);

			for (int i = 1; i <= 10; i++) {
				Reply failed = login(this.port, address, email, WRONG_PASSWORD);
				assertThat(failed.status()).as("failure %d", i).isEqualTo(401);
				assertThat(failed.code()).isEqualTo("invalid_credentials");
			}

			assertThat(login(this.port, address, email, PASSWORD).status()).isEqualTo(200);
			assertThat(this.jdbc.queryForObject("select count(*) from rate_limit_buckets where id like ?",
					Integer.class, "%" + keyed(email)))
				.as("no bucket was even created")
				.isZero();
		}

		@Test
		@DisplayName("registrations and refreshes past their limits are never refused")
		void registerAndRefreshWhenLimitsDisabledThenNeverLimited() {
			String address = newAddress();
			for (int i = 1; i <= 6; i++) {
				assertThat(register(this.port, address, ApiClient.uniqueEmail()).status()).as("registration %d", i)
					.isEqualTo(201);
			}
			Device device = Device.signedIn(this.port, address, register(this.port, address));
			for (int i = 1; i <= 8; i++) {
				assertThat(device.post("/auth/refresh").status()).as("refresh %d", i).isEqualTo(200);
			}
		}

		@Test
		@DisplayName("wrong current passwords are never limited either")
		void changePasswordWhenLimitsDisabledThenNeverLimited() {
			String address = newAddress();
			String email = register(this.port, address);
			Device device = Device.signedIn(this.port, address, email);

			for (int i = 1; i <= 5; i++) {
				assertThat(device
					.post("/users/me/password",
							Map.of("current_password", WRONG_PASSWORD, "new_password", "brand-new-password"))
					.status()).isEqualTo(403);
			}
			assertThat(device
				.post("/users/me/password", Map.of("current_password", PASSWORD, "new_password", "brand-new-password"))
				.status()).isEqualTo(200);
		}

	}

	static void assertRateLimited(Reply reply) {
		assertThat(reply.status()).isEqualTo(429);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.code()).isEqualTo("rate_limited");
		assertThat(reply.header("Retry-After")).singleElement()
			.satisfies((value) -> assertThat(value).as("Retry-After is whole seconds").matches("[1-9][0-9]*"));
	}

	static long retryAfterSeconds(Reply reply) {
		return Long.parseLong(reply.header("Retry-After").get(0));
	}

	private double rateLimitedCount(String limit) {
		Reply metrics = new ApiClient(this.port).get("/metrics");
		assertThat(metrics.status()).isEqualTo(200);
		return metrics.body()
			.lines()
			.filter((line) -> line.startsWith("latchkey_rate_limited_total{")
					&& line.contains("limit=\"" + limit + "\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/**
	 * A documentation-range IPv6 address nobody else uses, so that each test has its own
	 * buckets.
	 */
	static String newAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return String.format("2001:db8:%x:%x:%x:%x:%x:%x", random.nextInt(0x10000), random.nextInt(0x10000),
				random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(0x10000));
	}

	static String register(int port, String address) {
		String email = ApiClient.uniqueEmail();
		assertThat(register(port, address, email).status()).isEqualTo(201);
		return email;
	}

	static Reply register(int port, String address, String email) {
		return new Device(port, address).post("/auth/register", Map.of("email", email, "password", PASSWORD));
	}

	static Reply login(int port, String address, String email, String password) {
		return new Device(port, address).post("/auth/login", Map.of("email", email, "password", password));
	}

	void failLogins(String address, String email, int times) {
		for (int i = 0; i < times; i++) {
			assertThat(login(this.port, address, email, WRONG_PASSWORD).status()).isEqualTo(401);
		}
	}

	/**
	 * The first 16 bytes of the keyed digest of a subject, in hex: how a bucket's id
	 * names it.
	 */
	String keyed(String subject) {
		byte[] digest = this.secret.hmacKey("rate-limit-subject").sign(subject.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest, 0, 16);
	}

	/** The first 16 bytes of a plain SHA-256, which a bucket's id must not be. */
	static String sha256(String subject) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What the per-address limits count: the address's /64 for these IPv6 test addresses.
	 */
	static String addressBlock(String address) {
		return AddressBlock.of(address);
	}

	/**
	 * One device behind the trusted proxy (loopback), which reports it as
	 * {@code address}.
	 */
	record Device(ApiClient client, String address) {

		Device(int port, String address) {
			this(new ApiClient(port), address);
		}

		static Device signedIn(int port, String address, String email) {
			Device device = new Device(port, address);
			assertThat(device.post("/auth/login", Map.of("email", email, "password", PASSWORD)).status())
				.isEqualTo(200);
			return device;
		}

		Reply post(String path) {
			return this.client.send("POST", path, Map.of("X-Forwarded-For", this.address), "");
		}

		Reply post(String path, Map<String, String> body) {
			return send("POST", path, body);
		}

		Reply delete(String path, Map<String, String> body) {
			return send("DELETE", path, body);
		}

		Reply get(String path) {
			return this.client.send("GET", path, Map.of("X-Forwarded-For", this.address), "");
		}

		private Reply send(String method, String path, Map<String, String> body) {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Content-Type", "application/json");
			headers.put("X-Forwarded-For", this.address);
			return this.client.send(method, path, headers, JsonMapper.shared().writeValueAsString(body));
		}

	}

}
