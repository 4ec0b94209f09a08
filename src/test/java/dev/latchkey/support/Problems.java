package dev.latchkey.support;

import tools.jackson.databind.JsonNode;

import dev.latchkey.support.ApiClient.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every error answer must be: an RFC 9457 problem with its status and stable code.
 */
public final class Problems {

	private Problems() {
	}

	public static void assertProblem(Reply reply, int status, String code) {
		assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		JsonNode problem = reply.json();
		assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "instance", "code");
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("code").asString()).isEqualTo(code);
	}

}
