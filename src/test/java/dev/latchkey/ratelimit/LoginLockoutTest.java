package dev.latchkey.ratelimit;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.latchkey.ratelimit.RateLimitsTest.Device;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;

import static dev.latchkey.ratelimit.RateLimitsTest.PASSWORD;
import static dev.latchkey.ratelimit.RateLimitsTest.WRONG_PASSWORD;
import static dev.latchkey.ratelimit.RateLimitsTest.assertRateLimited;
import static dev.latchkey.ratelimit.RateLimitsTest.login;
import static dev.latchkey.ratelimit.RateLimitsTest.newAddress;
import static dev.latchkey.ratelimit.RateLimitsTest.register;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nobody can lock a chosen account out, with the default limits: failures from elsewhere
 * never stop the owner. Clients speak from addresses of their own through the trusted
 * proxy on loopback.
 */
@IntegrationTest
@TestPropertySource(properties = { "RATE_LIMITS_ENABLED=true", "TRUSTED_PROXIES=127.0.0.1,::1" })
class LoginLockoutTest {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Test
	@DisplayName("after 20 wrong passwords spread over 5 addresses, the right password from a sixth address signs in")
	void loginWhenTwentyFailuresOverFiveAddressesThenSixthAddressSignsIn() {
		String email = register(this.port, newAddress());
		for (int address = 1; address <= 5; address++) {
			String attacker = newAddress();
			for (int i = 1; i <= 4; i++) {
				assertThat(login(this.port, attacker, email, WRONG_PASSWORD).status())
					.as("guess %d from address %d", i, address)
					.isEqualTo(401);
			}
		}

		assertThat(login(this.port, newAddress(), email, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("ten wrong passwords from one address lock that address out of the account, and only it")
	void loginWhenTenFailuresFromOneAddressThenOnlyThatAddressIsLimited() {
		String email = register(this.port, newAddress());
		String attacker = newAddress();
		for (int i = 1; i <= 10; i++) {
			assertThat(login(this.port, attacker, email, WRONG_PASSWORD).status()).isEqualTo(401);
		}

		assertRateLimited(login(this.port, attacker, email, PASSWORD));
		assertThat(login(this.port, newAddress(), email, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("guessing spread over 100 addresses reaches the account-wide limit, and the owner's device still signs in")
	void loginWhenAccountWideLimitReachedThenOwnersDeviceStillSignsIn() {
		String ownersAddress = newAddress();
		String email = register(this.port, ownersAddress);
		Device owner = Device.signedIn(this.port, ownersAddress, email);
		// The account's bucket refills one attempt every 9 seconds: hold time still while
		// it is emptied, as a fast enough guesser would.
		this.clock.pause();
		try {
			for (int i = 1; i <= 100; i++) {
				assertThat(login(this.port, newAddress(), email, WRONG_PASSWORD).status()).as("guess %d", i)
					.isEqualTo(401);
			}
			assertRateLimited(login(this.port, newAddress(), email, WRONG_PASSWORD));
			assertRateLimited(login(this.port, newAddress(), email, PASSWORD));

			assertThat(owner.post("/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
		}
		finally {
			this.clock.resume();
		}
	}

}
