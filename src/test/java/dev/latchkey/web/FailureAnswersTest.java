package dev.latchkey.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.latchkey.failures.Failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * How a module's failure becomes an answer, and nothing else: Spring MVC's dispatcher
 * with the exception handler, no application context, database, security or server. Every
 * kind answers with its status and a problem body that keeps the failure's code and
 * detail.
 */
class FailureAnswersTest {

	private final MockMvcTester mvc = MockMvcTester.of(List.of(new Throwing()),
			(standalone) -> standalone
				.setControllerAdvice(new ApiExceptionHandler(new DatabaseOutage(mock(DataSource.class))))
				.build());

	@ParameterizedTest(name = "{0}")
	@EnumSource(Failure.Kind.class)
	@DisplayName("each kind of failure answers with its status and a problem body with the failure's code")
	void failureWhenThrownThenAnsweredWithTheStatusOfItsKind(Failure.Kind kind) {
		MvcTestResult answer = this.mvc.post().uri("/throw/{kind}", kind.name()).exchange();

		assertThat(answer).hasStatus(Problems.statusOf(kind))
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer).bodyJson().extractingPath("$.code").isEqualTo("something_" + kind.name().toLowerCase());
		assertThat(answer).bodyJson().extractingPath("$.status").isEqualTo(Problems.statusOf(kind).value());
		assertThat(answer).bodyJson().extractingPath("$.detail").isEqualTo("What happened, for the client.");
		assertThat(answer).bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:latchkey:problem:something_" + kind.name().toLowerCase());
		assertThat(answer).doesNotContainHeader("Retry-After");
	}

	@Test
	@DisplayName("the statuses of the kinds are the ones the API documents")
	void kindsWhenMappedThenTheDocumentedStatuses() {
		assertThat(Problems.statusOf(Failure.Kind.INVALID)).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(Problems.statusOf(Failure.Kind.UNAUTHENTICATED)).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(Problems.statusOf(Failure.Kind.FORBIDDEN)).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(Problems.statusOf(Failure.Kind.NOT_FOUND)).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(Problems.statusOf(Failure.Kind.CONFLICT)).isEqualTo(HttpStatus.CONFLICT);
		assertThat(Problems.statusOf(Failure.Kind.TOO_LARGE)).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(Problems.statusOf(Failure.Kind.RATE_LIMITED)).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(Problems.statusOf(Failure.Kind.BUSY)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	@DisplayName("a failure that time lifts says when, in whole seconds rounded up")
	void failureWhenRetryableThenRetryAfterRoundedUp() {
		MvcTestResult answer = this.mvc.post().uri("/throw-retryable/{millis}", 1500).exchange();

		assertThat(answer).hasStatus(HttpStatus.TOO_MANY_REQUESTS).hasHeader("Retry-After", "2");
	}

	@Test
	@DisplayName("a failure that time lifts at once still asks for a second, never 0")
	void failureWhenRetryableAtOnceThenRetryAfterOneSecond() {
		MvcTestResult answer = this.mvc.post().uri("/throw-retryable/{millis}", 0).exchange();

		assertThat(answer).hasHeader("Retry-After", "1");
	}

	@Test
	@DisplayName("anything else is a bare 500 that says nothing of what broke")
	void unexpectedExceptionWhenThrownThenBare500() {
		MvcTestResult answer = this.mvc.post().uri("/throw-bug").exchange();

		assertThat(answer).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(answer).bodyJson().extractingPath("$.code").isEqualTo("internal_error");
		assertThat(answer).bodyText().doesNotContain("IllegalStateException", "secret detail");
	}

	@RestController
	static class Throwing {

		@PostMapping("/throw/{kind}")
		void kind(@PathVariable Failure.Kind kind) {
			throw new Something(kind, Optional.empty());
		}

		@PostMapping("/throw-retryable/{millis}")
		void retryable(@PathVariable long millis) {
			throw new Something(Failure.Kind.RATE_LIMITED, Optional.of(Duration.ofMillis(millis)));
		}

		@PostMapping("/throw-bug")
		void bug() {
			throw new IllegalStateException("secret detail");
		}

	}

	static final class Something extends Failure {

		private final Optional<Duration> retryAfter;

		Something(Kind kind, Optional<Duration> retryAfter) {
			super(kind, "something_" + kind.name().toLowerCase(), "What happened, for the client.");
			this.retryAfter = retryAfter;
		}

		@Override
		public Optional<Duration> retryAfter() {
			return this.retryAfter;
		}

	}

}
