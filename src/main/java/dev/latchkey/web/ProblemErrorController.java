package dev.latchkey.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * Answers the errors that never reach a controller (a request the firewall rejects, a
 * {@code sendError} from a filter) with the same problem body as everything else, in
 * place of Spring Boot's error page. What caused the error stays in the server's log.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		String detail = (status == HttpStatus.NOT_FOUND) ? "No such resource." : status.getReasonPhrase() + ".";
		ProblemDetail problem = Problems.of(status, Problems.codeFor(status), detail);
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
			problem.setInstance(URI.create(UriUtils.encodePath(path, StandardCharsets.UTF_8)));
		}
		return Problems.response(problem, HttpHeaders.EMPTY);
	}

}
