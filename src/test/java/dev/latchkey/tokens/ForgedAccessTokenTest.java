package dev.latchkey.tokens;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.latchkey.config.DatabaseSettings;
import dev.latchkey.config.SecretSettings;
import dev.latchkey.config.ServerSecret;
import dev.latchkey.support.ApiClient;
import dev.latchkey.support.ApiClient.Reply;
import dev.latchkey.support.IntegrationTest;
import dev.latchkey.support.MutableClock;
import dev.latchkey.support.TestSettings;
import dev.latchkey.support.TokenClaims;

import static dev.latchkey.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Access cookies that were not issued by Latchkey for a live session are refused, each
 * with {@code access_token_invalid} (or {@code access_token_expired}), whatever they
 * claim.
 */
@IntegrationTest
class ForgedAccessTokenTest {

	private static final String PASSWORD = "correct-horse-battery";

	private static final SecretKey RIGHT_KEY = Keys
		.hmacShaKeyFor(IntegrationTest.SECRET_KEY.getBytes(StandardCharsets.UTF_8));

	private static final SecretKey WRONG_KEY = Keys
		.hmacShaKeyFor("another-signing-key-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8));

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	private ApiClient victim;

	private String userId;

	private String sessionId;

	@BeforeEach
	void signInVictim() {
		this.victim = new ApiClient(this.port);
		this.victim.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String accessToken = this.victim.cookies().value("access_token").orElseThrow();
		this.userId = TokenClaims.userId(accessToken);
		this.sessionId = TokenClaims.sessionId(accessToken);
	}

	@Test
	@DisplayName("a token Latchkey would issue itself is accepted (the forgeries below differ from it in one way each)")
	void wellFormedTokenForLiveSessionIsAccepted() {
		Reply reply = meWith(validClaims().signWith(RIGHT_KEY, Jwts.SIG.HS256).compact());

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("id").asString()).isEqualTo(this.userId);
	}

	@Test
	@DisplayName("an unsigned token (alg: none) is refused")
	void unsignedTokenIsRefused() {
		String token = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64Url(payload(validPayload())) + ".";

		assertInvalid(meWith(token));
		assertInvalid(meWith(validClaims().compact()));
	}

	@Test
	@DisplayName("a token signed with another key is refused")
	void tokenSignedWithWrongKeyIsRefused() {
		assertInvalid(meWith(validClaims().signWith(WRONG_KEY, Jwts.SIG.HS256).compact()));
	}

	@Test
	@DisplayName("a genuine token whose payload was changed to name another user is refused")
	void tamperedPayloadIsRefused() {
		ApiClient other = new ApiClient(this.port);
		other.registerAndLogin(ApiClient.uniqueEmail(), PASSWORD);
		String otherUserId = TokenClaims.userId(other.cookies().value("access_token").orElseThrow());
		String genuine = this.victim.cookies().value("access_token").orElseThrow();
		String[] parts = genuine.split("\\.");
		ObjectNode claims = (ObjectNode) TokenClaims.of(genuine);
		claims.put("sub", otherUserId);

		String tampered = parts[0] + "." + base64Url(claims.toString()) + "." + parts[2];

		assertInvalid(meWith(tampered));
		assertThat(meWith(genuine).status()).as("the genuine token still works").isEqualTo(200);
	}

	@Test
	@DisplayName("a correctly signed token that expired longer ago than the clock skew is refused as expired")
	void expiredTokenIsRefusedAsExpired() {
		Instant now = this.clock.instant();
		String token = validClaims().issuedAt(Date.from(now.minus(Duration.ofMinutes(20))))
			.expiration(Date.from(now.minus(Duration.ofMinutes(5))))
			.signWith(RIGHT_KEY, Jwts.SIG.HS256)
			.compact();

		Reply reply = meWith(token);

		assertProblem(reply, 401, "access_token_expired");
	}

	@Test
	@DisplayName("a correctly signed token with typ refresh is refused")
	void tokenOfAnotherTypeIsRefused() {
		assertInvalid(meWith(validClaims().claim("typ", "refresh").signWith(RIGHT_KEY, Jwts.SIG.HS256).compact()));
		assertInvalid(meWith(signedHs256(without(validPayload(), "typ"))));
	}

	@Test
	@DisplayName("a correctly signed token from another issuer is refused")
	void tokenFromAnotherIssuerIsRefused() {
		assertInvalid(meWith(validClaims().issuer("someone-else").signWith(RIGHT_KEY, Jwts.SIG.HS256).compact()));
		assertInvalid(meWith(signedHs256(without(validPayload(), "iss"))));
	}

	@Test
	@DisplayName("a token signed with HS512 and the same key bytes is refused: only the configured algorithm counts")
	void tokenSignedWithAnotherAlgorithmIsRefused() throws Exception {
		String signingInput = base64Url("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "."
				+ base64Url(payload(validPayload()));
		Mac mac = Mac.getInstance("HmacSHA512");
		mac.init(new SecretKeySpec(IntegrationTest.SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
		String signature = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

		assertInvalid(meWith(signingInput + "." + signature));
	}

	@Test
	@DisplayName("with a key long enough for HS512 too, an HS512 token is still refused when ALGORITHM is HS256")
	void verifierPinsTheConfiguredAlgorithm() {
		String longKey = "a-signing-key-long-enough-for-every-hmac-algorithm-0123456789abcdef";
		TestSettings settings = TestSettings.defaults().with("SECRET_KEY", longKey);
		AccessTokens accessTokens = new AccessTokens(settings.bind(AccessTokenSettings.class),
				new ServerSecret(settings.bind(SecretSettings.class), settings.bind(DatabaseSettings.class)),
				Clock.systemUTC(), new SimpleMeterRegistry());
		SecretKey sameBytes = Keys.hmacShaKeyFor(longKey.getBytes(StandardCharsets.UTF_8));
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		Instant now = Instant.now();
		JwtBuilder claims = Jwts.builder()
			.subject(user.toString())
			.claim("sid", session.toString())
			.claim("typ", "access")
			.issuer("latchkey")
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(Duration.ofMinutes(15))));

		assertThat(accessTokens.verify(accessTokens.issue(user, session, List.of("pwd"), now).value()))
			.isEqualTo(new AccessTokens.AccessTokenClaims(user, session));
		assertThatExceptionOfType(AccessTokenRejected.Invalid.class)
			.isThrownBy(() -> accessTokens.verify(claims.signWith(sameBytes, Jwts.SIG.HS512).compact()));
		assertThatExceptionOfType(AccessTokenRejected.Invalid.class)
			.isThrownBy(() -> accessTokens.verify(claims.signWith(sameBytes, Jwts.SIG.HS384).compact()));
	}

	@Test
	@DisplayName("a refresh token value in the access cookie is refused")
	void refreshTokenInAccessCookieIsRefused() {
		String refreshToken = this.victim.cookies().value("refresh_token").orElseThrow();

		assertInvalid(meWith(refreshToken));
	}

	@Test
	@DisplayName("a correctly signed token naming a session that does not exist is refused")
	void tokenForUnknownSessionIsRefused() {
		String token = validClaims().claim("sid", UUID.randomUUID().toString())
			.signWith(RIGHT_KEY, Jwts.SIG.HS256)
			.compact();

		assertInvalid(meWith(token));
	}

	@Test
	@DisplayName("a correctly signed token pairing the victim's session with another user is refused")
	void tokenForSessionOfAnotherUserIsRefused() {
		String token = validClaims().subject(UUID.randomUUID().toString())
			.signWith(RIGHT_KEY, Jwts.SIG.HS256)
			.compact();

		assertInvalid(meWith(token));
	}

	@Test
	@DisplayName("a correctly signed token without a usable sub or sid is refused, not a server error")
	void tokenWithoutIdsIsRefused() {
		assertInvalid(meWith(signedHs256(without(validPayload(), "sid"))));
		Map<String, Object> badSubject = validPayload();
		badSubject.put("sub", "not-a-uuid");
		assertInvalid(meWith(signedHs256(badSubject)));
	}

	@Test
	@DisplayName("an access token value in the refresh cookie is refused as refresh_token_invalid")
	void accessTokenInRefreshCookieIsRefused() {
		String accessToken = this.victim.cookies().value("access_token").orElseThrow();
		ApiClient attacker = new ApiClient(this.port);
		attacker.cookies().set("refresh_token", accessToken, "/auth");

		assertProblem(attacker.post("/auth/refresh"), 401, "refresh_token_invalid");
	}

	private Reply meWith(String accessToken) {
		ApiClient attacker = new ApiClient(this.port);
		attacker.cookies().set("access_token", accessToken, "/");
		return attacker.get("/users/me");
	}

	private static void assertInvalid(Reply reply) {
		assertProblem(reply, 401, "access_token_invalid");
	}

	/**
	 * The claims Latchkey itself would put in an access token for the victim's live
	 * session.
	 */
	private JwtBuilder validClaims() {
		Instant now = this.clock.instant();
		return Jwts.builder()
			.subject(this.userId)
			.claim("sid", this.sessionId)
			.claim("typ", "access")
			.id(UUID.randomUUID().toString())
			.issuer("latchkey")
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(Duration.ofMinutes(15))));
	}

	private Map<String, Object> validPayload() {
		long now = this.clock.instant().getEpochSecond();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", this.userId);
		claims.put("sid", this.sessionId);
		claims.put("typ", "access");
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("iss", "latchkey");
		claims.put("iat", now);
		claims.put("exp", now + 900);
		return claims;
	}

	private static Map<String, Object> without(Map<String, Object> claims, String name) {
		claims.remove(name);
		return claims;
	}

	private static String signedHs256(Map<String, Object> claims) {
		return Jwts.builder().claims(claims).signWith(RIGHT_KEY, Jwts.SIG.HS256).compact();
	}

	private static String payload(Map<String, Object> claims) {
		return JsonMapper.shared().writeValueAsString(claims);
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
