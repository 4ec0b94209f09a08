package dev.latchkey.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * A refused CORS preflight, answered with a problem body rather than Spring's plain text.
 */
public class ProblemCorsProcessor extends DefaultCorsProcessor {

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		var problem = Problems.of(HttpStatus.FORBIDDEN, "cross_origin_request",
				"This origin is not in ALLOWED_ORIGINS, so browsers may not call the API from it.");
		response.getBody().write(Problems.toJson(problem).getBytes(StandardCharsets.UTF_8));
		response.flush();
	}

}
