package dev.latchkey.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.latchkey.support.ApiClient;
import dev.latchkey.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One account per address whatever its case, also when registrations race.
 */
@IntegrationTest
class ConcurrentRegistrationTest {

	private static final int RACERS = 10;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	@DisplayName("ten registrations of one address in different case and whitespace, released together: one 201, nine 409 email_taken, one row")
	void exactlyOneOfTenRacingRegistrationsOfOneAddressWins() throws Exception {
		String local = "race-" + UUID.randomUUID();
		String normalized = local + "@example.com";
		List<String> spellings = List.of(normalized, normalized.toUpperCase(Locale.ROOT), " " + normalized,
				normalized + " ", "\t" + normalized.toUpperCase(Locale.ROOT) + "\t",
				"Race-" + local.substring(5) + "@Example.com", local + "@EXAMPLE.COM",
				local.toUpperCase(Locale.ROOT) + "@example.com", "  " + local + "@Example.Com  ",
				"RACE-" + local.substring(5) + "@example.COM");
		assertThat(spellings).hasSize(RACERS).doesNotHaveDuplicates();

		ExecutorService racers = Executors.newFixedThreadPool(RACERS);
		try {
			CountDownLatch ready = new CountDownLatch(RACERS);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<ApiClient.Reply>> replies = new ArrayList<>();
			for (String spelling : spellings) {
				ApiClient client = new ApiClient(this.port);
				replies.add(racers.submit(() -> {
					ready.countDown();
					go.await();
					return client.post("/auth/register", Map.of("email", spelling, "password", "race-password-1"));
				}));
			}
			ready.await();
			go.countDown();

			List<ApiClient.Reply> answers = new ArrayList<>();
			for (Future<ApiClient.Reply> reply : replies) {
				answers.add(reply.get(2, TimeUnit.MINUTES));
			}

			assertThat(answers).as("answers: %s", answers).filteredOn((reply) -> reply.status() == 201).hasSize(1);
			assertThat(answers).filteredOn((reply) -> reply.status() == 201)
				.singleElement()
				.satisfies((created) -> assertThat(created.json().path("email").asString()).isEqualTo(normalized));
			assertThat(answers).filteredOn((reply) -> reply.status() != 201)
				.hasSize(RACERS - 1)
				.allSatisfy((refused) -> {
					assertThat(refused.status()).as(refused.body()).isEqualTo(409);
					assertThat(refused.code()).isEqualTo("email_taken");
					assertThat(refused.contentType()).startsWith("application/problem+json");
				});
		}
		finally {
			racers.shutdownNow();
		}
		assertThat(
				this.jdbc.queryForObject("select count(*) from users where lower(email) = ?", Long.class, normalized))
			.isOne();
		assertThat(this.jdbc.queryForObject("select email from users where lower(email) = ?", String.class, normalized))
			.as("stored trimmed and lower-cased")
			.isEqualTo(normalized);
	}

}
