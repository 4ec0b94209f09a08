package dev.latchkey.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word: errors that Tomcat raises before any Spring code runs (a path with an
 * encoded NUL, a malformed request line) get a problem body too, instead of Tomcat's HTML page
 * with its version number.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String code = Problems.codeFor((known != null) ? known : HttpStatus.BAD_REQUEST);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:latchkey:problem:" + code);
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", title + ".");
		problem.put("instance", "about:blank");
		problem.put("code", code);
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(JsonMapper.shared().writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The connection is already gone; there is nobody left to answer.
		}
	}

}
