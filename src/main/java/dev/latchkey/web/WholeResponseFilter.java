package dev.latchkey.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a response in one write, with its Content-Length. Spring MVC flushes the response
 * as soon as a ResponseEntity's body is written, which commits it before Tomcat knows how
 * long it is: Tomcat then sends it chunked, and the chunked encoding's closing empty
 * chunk in a write of its own when the request ends. That second system call, TCP segment
 * and wake-up of the client cost a tenth of a refresh's CPU on loopback. Here a flush
 * waits for the end of the request, where Tomcat writes what its buffer holds with a
 * Content-Length. A body larger than Tomcat's buffer (8 KiB by default) still goes out as
 * the buffer fills, chunked, so nothing is held in memory that Tomcat would not hold.
 */
class WholeResponseFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new FlushAtEnd(response));
	}

	private static final class FlushAtEnd extends HttpServletResponseWrapper {

		private FlushAtEnd(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void flushBuffer() {
			// Tomcat flushes the response when the request is done.
		}

	}

}
