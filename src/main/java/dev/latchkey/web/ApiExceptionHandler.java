package dev.latchkey.web;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.latchkey.failures.Failure;

/**
 * The one place where failures become answers. Latchkey's own {@link Failure}s get the
 * status of their kind ({@link Problems#statusOf}) and keep their code; Spring MVC's and
 * Spring Security's failures get the code of their status; anything unexpected is logged
 * here and answered with a bare 500, so no stack trace, class name, SQL or token ever
 * reaches a client.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

	private final DatabaseOutage outage;

	ApiExceptionHandler(DatabaseOutage outage) {
		this.outage = outage;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleFailure(Failure failure) {
		return Problems.response(failure);
	}

	/**
	 * The database is down, or a transaction lost a lock race (a deadlock PostgreSQL
	 * broke): nothing was changed, and the same request will most likely succeed in a
	 * moment.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
			TransientDataAccessException.class })
	ResponseEntity<ProblemDetail> handleDatabaseUnavailable(Exception exception) {
		logger.warn("Database unavailable: {}", exception.getMessage());
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "5");
		return Problems.response(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable",
				"The service cannot reach its database right now; try again shortly."), headers);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleUnexpected(Exception exception) {
		if (this.outage.explains(exception)) {
			// A connection lost mid-query arrives wrapped in whatever layer was running
			// it.
			return handleDatabaseUnavailable(exception);
		}
		logger.error("Unexpected failure", exception);
		return Problems.response(
				Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side."),
				HttpHeaders.EMPTY);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Problems.FieldProblem> errors = exception.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new Problems.FieldProblem(jsonName(error.getField()), message(error)))
			.toList();
		return problem(Problems.validationFailed(errors));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException exception, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		List<Problems.FieldProblem> errors = exception.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new Problems.FieldProblem(jsonName(result.getMethodParameter().getParameterName()),
						String.valueOf(error.getDefaultMessage()))))
			.toList();
		return problem(Problems.validationFailed(errors));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = exception.getCause();
		for (Throwable inner = cause; inner != null; inner = inner.getCause()) {
			if (inner instanceof Failure failure) {
				// The body limit, hit while Jackson was reading a chunked body.
				return problem(Problems.of(failure));
			}
		}
		if (cause instanceof MismatchedInputException mismatch) {
			String field = mismatch.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: String.valueOf(reference.getIndex()))
				.reduce((left, right) -> left + "." + right)
				.orElse("body");
			String message = field.equals("body") ? "must be a JSON object" : "has the wrong type";
			return problem(Problems.validationFailed(List.of(new Problems.FieldProblem(field, message))));
		}
		// JacksonException, not only StreamReadException: Jackson 3's
		// StreamConstraintsException (nesting too deep, a number too long) extends
		// JacksonException directly.
		String detail = (cause instanceof JacksonException) ? "The request body is not valid JSON."
				: "The request needs a JSON body.";
		return problem(Problems.of(HttpStatus.BAD_REQUEST, "malformed_json", detail));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception exception, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Spring MVC's own failures: keep its safe detail, add the type and code of the
		// status.
		String detail = (body instanceof ProblemDetail problem && problem.getDetail() != null) ? problem.getDetail()
				: HttpStatus.valueOf(status.value()).getReasonPhrase();
		ProblemDetail problem = Problems.of(status, Problems.codeFor(status), detail);
		if (exception instanceof HttpRequestMethodNotSupportedException) {
			problem.setDetail("This path does not accept that method; see the Allow header.");
		}
		return ResponseEntity.status(status).headers(headers).body(problem);
	}

	private static ResponseEntity<Object> problem(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	/** Validation reports Java names; clients sent snake_case JSON names. */
	static String jsonName(String javaName) {
		return CAMEL_HUMP.matcher(javaName).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

}
