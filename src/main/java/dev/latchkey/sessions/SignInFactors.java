package dev.latchkey.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How the user behind a session proved who they are, and when: what a request signed in
 * by that session's access token can tell about its sign-in, for checks such as "proved a
 * second factor within the last minutes", and what its access token's {@code amr} and
 * {@code auth_time} claims say.
 *
 * @param methods the methods used at sign-in, named as in RFC 8176's {@code amr} values:
 * {@code pwd} for a password, {@code otp} for a TOTP or recovery code, {@code hwk} for a
 * passkey, and {@code mfa} with it when the passkey alone signed in (its authenticator
 * verified the user: a PIN or a biometric on top of the key)
 * @param signedInAt when the user signed in (the session began)
 * @param secondFactorAt when a second factor was last proved for this session, at sign-in
 * or by a step-up since; null when never
 */
public record SignInFactors(List<String> methods, Instant signedInAt, @Nullable Instant secondFactorAt) {

	public static final String PASSWORD = "pwd";

	public static final String ONE_TIME_CODE = "otp";

	public static final String PASSKEY = "hwk";

	public static final String MULTIPLE_FACTORS = "mfa";

	public SignInFactors {
		methods = List.copyOf(methods);
	}

	/** A sign-in with a password alone, at {@code signedInAt}. */
	public static SignInFactors password(Instant signedInAt) {
		return new SignInFactors(List.of(PASSWORD), signedInAt, null);
	}

	/** A sign-in with a password and then a second factor, proved at {@code provedAt}. */
	public static SignInFactors withSecondFactor(String method, Instant provedAt) {
		return new SignInFactors(List.of(PASSWORD, method), provedAt, provedAt);
	}

	/**
	 * A sign-in with a passkey alone, whose authenticator verified the user: two factors
	 * in one, proved at {@code provedAt}.
	 */
	public static SignInFactors passkey(Instant provedAt) {
		return new SignInFactors(List.of(PASSKEY, MULTIPLE_FACTORS), provedAt, provedAt);
	}

	/** Whether a second factor was proved no longer than {@code maxAge} before now. */
	public boolean secondFactorWithin(Duration maxAge, Instant now) {
		return this.secondFactorAt != null && !this.secondFactorAt.plus(maxAge).isBefore(now);
	}

	static SignInFactors of(String methods, Instant signedInAt, @Nullable Instant secondFactorAt) {
		return new SignInFactors(Arrays.asList(methods.split(" ")), signedInAt, secondFactorAt);
	}

	String column() {
		return String.join(" ", this.methods);
	}

}
