package dev.latchkey.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.latchkey.failures.Failure;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Builds the RFC 9457 bodies Latchkey answers with: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} and a stable {@code code}.
 */
public final class Problems {

	private static final Map<Integer, String> CODES_BY_STATUS = Map.ofEntries(Map.entry(400, "bad_request"),
			Map.entry(401, "not_authenticated"), Map.entry(403, "forbidden"), Map.entry(404, "not_found"),
			Map.entry(405, "method_not_allowed"), Map.entry(406, "not_acceptable"), Map.entry(408, "request_timeout"),
			Map.entry(409, "conflict"), Map.entry(413, "payload_too_large"), Map.entry(414, "uri_too_long"),
			Map.entry(415, "unsupported_media_type"), Map.entry(422, "validation_failed"),
			Map.entry(429, "rate_limited"), Map.entry(500, "internal_error"), Map.entry(503, "service_unavailable"));

	private Problems() {
	}

	/** One invalid field of a 422 answer, named as it is in the JSON body. */
	public record FieldProblem(String field, String message) {
	}

	public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:latchkey:problem:" + code));
		HttpStatus known = HttpStatus.resolve(status.value());
		problem.setTitle((known != null) ? known.getReasonPhrase() : "Error");
		problem.setProperty("code", code);
		return problem;
	}

	public static ProblemDetail of(Failure failure) {
		return of(statusOf(failure.kind()), failure.code(), failure.getMessage());
	}

	/**
	 * The status that answers each kind of failure: the one place where a module's
	 * refusal becomes HTTP.
	 */
	public static HttpStatus statusOf(Failure.Kind kind) {
		return switch (kind) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
			case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}

	/**
	 * The headers a failure's answer carries besides the body: Retry-After, in whole
	 * seconds rounded up, never 0, when time lifts the refusal.
	 */
	public static HttpHeaders headersOf(Failure failure) {
		HttpHeaders headers = new HttpHeaders();
		failure.retryAfter()
			.ifPresent((wait) -> headers.set(HttpHeaders.RETRY_AFTER,
					Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))));
		return headers;
	}

	public static ProblemDetail validationFailed(List<FieldProblem> errors) {
		ProblemDetail problem = of(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed",
				"The request body is not valid: see errors.");
		problem.setProperty("errors", errors);
		return problem;
	}

	/** The code of a status that no more specific failure explains. */
	public static String codeFor(HttpStatusCode status) {
		return CODES_BY_STATUS.getOrDefault(status.value(),
				status.is5xxServerError() ? "internal_error" : "bad_request");
	}

	/**
	 * The problem as JSON text, for the few places that answer outside Spring MVC
	 * (Tomcat's error valve, the CORS processor) and so cannot rely on its message
	 * converters.
	 */
	public static String toJson(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", String.valueOf(problem.getType()));
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return JsonMapper.shared().writeValueAsString(body);
	}

	public static ResponseEntity<ProblemDetail> response(Failure failure) {
		return response(of(failure), headersOf(failure));
	}

	public static ResponseEntity<ProblemDetail> response(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
