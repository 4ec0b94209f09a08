package dev.latchkey.web;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's last word: errors that Tomcat raises before any Spring code runs (a path with
 * an encoded NUL, a malformed request line) get a problem body too, instead of Tomcat's
 * HTML page with its version number.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	private final @Nullable SecurityHeaders securityHeaders;

	/**
	 * The valve Tomcat would make by itself if it had none: no security headers are known
	 * to it.
	 */
	public ProblemErrorReportValve() {
		this(null);
	}

	ProblemErrorReportValve(@Nullable SecurityHeaders securityHeaders) {
		this.securityHeaders = securityHeaders;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		HttpStatus answered = (known != null) ? known : HttpStatus.BAD_REQUEST;
		ProblemDetail problem = Problems.of(answered, Problems.codeFor(answered), answered.getReasonPhrase() + ".");
		String path = request.getRequestURI();
		try {
			if (path != null) {
				problem.setInstance(URI.create(path));
			}
		}
		catch (IllegalArgumentException ex) {
			// A request line too broken to be a URI reference: the problem goes without
			// one.
		}
		if (this.securityHeaders != null) {
			this.securityHeaders.writeTo(response);
		}
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(Problems.toJson(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is already gone; there is nobody left to answer.
		}
	}

}
