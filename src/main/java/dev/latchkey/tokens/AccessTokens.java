package dev.latchkey.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import javax.crypto.SecretKey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.MacAlgorithm;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.latchkey.config.ServerSecret;

/**
 * Issues and verifies access tokens: short-lived JWTs signed with ALGORITHM and
 * SECRET_KEY that name the user ({@code sub}) and the session ({@code sid}). Verification
 * accepts only the configured algorithm and key, a {@code typ} of {@code access} and the
 * configured issuer, and refuses unsigned and expired tokens. A valid signature is not
 * enough to be let in: the session must also still be live (see
 * {@code SessionService.liveSession}).
 * <p>
 * A token verified once is remembered, up to ACCESS_TOKEN_CACHE_SIZE of them, until it
 * expires: the same cookie arrives with every request of its browser, and checking its
 * signature again would find the same answer. Its expiry is still checked each time.
 */
@Component
public class AccessTokens {

	static final String TYPE = "access";

	private final SecretKey key;

	private final MacAlgorithm algorithm;

	private final Duration lifetime;

	private final String issuer;

	private final Clock clock;

	private final JwtParser parser;

	private final Duration clockSkew;

	/** Tokens whose signature and claims were checked, by their exact text. */
	private final @Nullable Cache<String, Verified> verified;

	AccessTokens(AccessTokenSettings settings, ServerSecret secret, Clock clock, MeterRegistry meters) {
		byte[] signingKey = secret.signingKey();
		settings.requireStrongEnough(signingKey);
		this.key = Keys.hmacShaKeyFor(signingKey);
		this.algorithm = (MacAlgorithm) Jwts.SIG.get().forKey(settings.algorithm());
		this.lifetime = settings.lifetime();
		this.issuer = settings.issuer();
		this.clock = clock;
		this.parser = Jwts.parser()
			.verifyWith(this.key)
			.requireIssuer(this.issuer)
			.require("typ", TYPE)
			.clockSkewSeconds(settings.clockSkew().toSeconds())
			.clock(() -> Date.from(this.clock.instant()))
			.build();
		this.clockSkew = settings.clockSkew();
		this.verified = (settings.cacheSize() == 0) ? null
				: Caffeine.newBuilder()
					.maximumSize(settings.cacheSize())
					.expireAfterWrite(this.lifetime.plus(this.clockSkew))
					.executor(Runnable::run)
					.recordStats()
					.build();
		if (this.verified != null) {
			CaffeineCacheMetrics.monitor(meters, this.verified, "access_tokens");
		}
	}

	/**
	 * A new access token for a session.
	 * @param methods the session's sign-in methods, as RFC 8176 {@code amr} values: the
	 * {@code amr} claim
	 * @param signedInAt when the user signed in: the {@code auth_time} claim (OpenID
	 * Connect's), in whole seconds
	 */
	public IssuedAccessToken issue(UUID userId, UUID sessionId, List<String> methods, Instant signedInAt) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = now.plus(this.lifetime);
		String value = Jwts.builder()
			.subject(userId.toString())
			.claim("sid", sessionId.toString())
			.claim("typ", TYPE)
			.claim("amr", methods)
			.claim("auth_time", signedInAt.getEpochSecond())
			.id(UUID.randomUUID().toString())
			.issuer(this.issuer)
			.issuedAt(Date.from(now))
			.expiration(Date.from(expiresAt))
			.signWith(this.key, this.algorithm)
			.compact();
		return new IssuedAccessToken(value, expiresAt);
	}

	/**
	 * @throws AccessTokenRejected.Expired when the token was valid but has expired
	 * @throws AccessTokenRejected.Invalid for anything else that is not a token we issued
	 */
	public AccessTokenClaims verify(String token) {
		Verified known = (this.verified != null) ? this.verified.getIfPresent(token) : null;
		if (known != null) {
			// As the parser judges exp: expired once now, less the skew, is past it.
			if (this.clock.instant().minus(this.clockSkew).isAfter(known.expiresAt())) {
				throw new AccessTokenRejected.Expired();
			}
			return known.claims();
		}
		Jws<Claims> jws;
		try {
			jws = this.parser.parseSignedClaims(token);
		}
		catch (ExpiredJwtException ex) {
			throw new AccessTokenRejected.Expired();
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw new AccessTokenRejected.Invalid("the token is " + ex.getClass().getSimpleName());
		}
		if (!this.algorithm.getId().equals(jws.getHeader().getAlgorithm())) {
			throw new AccessTokenRejected.Invalid("the token is signed with another algorithm");
		}
		Claims claims = jws.getPayload();
		AccessTokenClaims verifiedClaims;
		try {
			verifiedClaims = new AccessTokenClaims(UUID.fromString(claims.getSubject()),
					UUID.fromString(claims.get("sid", String.class)));
		}
		catch (RuntimeException ex) {
			throw new AccessTokenRejected.Invalid("the token lacks a user or session id");
		}
		Date expiration = claims.getExpiration();
		if (this.verified != null && expiration != null) {
			this.verified.put(token, new Verified(verifiedClaims, expiration.toInstant()));
		}
		return verifiedClaims;
	}

	/** How many verified tokens it remembers now; for tests of the bound. */
	long rememberedTokens() {
		if (this.verified == null) {
			return 0;
		}
		this.verified.cleanUp();
		return this.verified.estimatedSize();
	}

	private record Verified(AccessTokenClaims claims, Instant expiresAt) {
	}

	public record IssuedAccessToken(String value, Instant expiresAt) {

		@Override
		public String toString() {
			return "IssuedAccessToken[expiresAt=" + this.expiresAt + "]";
		}

	}

	public record AccessTokenClaims(UUID userId, UUID sessionId) {
	}

}
