package dev.latchkey.auth;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import dev.latchkey.sessions.SignInFactors;
import dev.latchkey.users.CurrentUser;

/**
 * A request signed in by a verified access token, and how that token's sign-in was
 * proved: what a check such as "a second factor within the last minutes" reads.
 */
public final class AccessTokenAuthentication extends AbstractAuthenticationToken {

	private final CurrentUser user;

	private final SignInFactors factors;

	AccessTokenAuthentication(CurrentUser user, SignInFactors factors) {
		super(AuthorityUtils.NO_AUTHORITIES);
		this.user = user;
		this.factors = factors;
		setAuthenticated(true);
	}

	@Override
	public CurrentUser getPrincipal() {
		return this.user;
	}

	public SignInFactors factors() {
		return this.factors;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

}
