package dev.latchkey.sessions;

import java.time.Instant;
import java.util.List;

/**
 * How the user behind a session proved who they are, and when: what a request signed in
 * by that session's access token can tell about its sign-in, for checks such as "proved a
 * second factor within the last minutes".
 *
 * @param methods the methods used, named as in RFC 8176's {@code amr} values: {@code pwd}
 * for a password, and later {@code otp} or {@code hwk} for a second factor
 * @param provedAt when the last of them was proved
 */
public record SignInFactors(List<String> methods, Instant provedAt) {

	public static final String PASSWORD = "pwd";

	public SignInFactors {
		methods = List.copyOf(methods);
	}

	/** A sign-in with a password alone, at {@code provedAt}. */
	public static SignInFactors password(Instant provedAt) {
		return new SignInFactors(List.of(PASSWORD), provedAt);
	}

}
