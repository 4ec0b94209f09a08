package dev.latchkey.mfa;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.latchkey.config.OpaqueValues;
import dev.latchkey.mfa.Passkeys.Passkey;
import dev.latchkey.mfa.RelyingParty.Site;
import dev.latchkey.mfa.WebAuthnChallenges.Purpose;
import dev.latchkey.users.UserResponse;

/**
 * The two WebAuthn ceremonies, registration and authentication, without an HTTP session:
 * the options a browser passes to {@code navigator.credentials.create()} or
 * {@code .get()}, as the W3C's JSON (camelCase, binary values in URL-safe Base64, what
 * {@code PublicKeyCredential.parseCreationOptionsFromJSON} takes), and the verification
 * of what the authenticator answered ({@code PublicKeyCredential.toJSON()}), by
 * webauthn4j.
 * <p>
 * Every answer's challenge is used up before anything else is checked, so an answer that
 * fails cannot be tried again, and one challenge never serves two answers.
 */
@Component
class PasskeyCeremonies {

	/** How long the browser waits for the authenticator; as long as the challenge. */
	private static final long TIMEOUT_MILLIS = WebAuthnChallenges.LIFETIME.toMillis();

	/** ES256 (most authenticators), EdDSA, RS256 (Windows Hello): WebAuthn's advice. */
	private static final List<COSEAlgorithmIdentifier> ALGORITHMS = List.of(COSEAlgorithmIdentifier.ES256,
			COSEAlgorithmIdentifier.EdDSA, COSEAlgorithmIdentifier.RS256);

	private static final List<PublicKeyCredentialParameters> CREDENTIAL_PARAMETERS = ALGORITHMS.stream()
		.map((algorithm) -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, algorithm))
		.toList();

	private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();

	private final AttestedCredentialDataConverter credentialData = new AttestedCredentialDataConverter(
			new ObjectConverter());

	private final WebAuthnChallenges challenges;

	private final Passkeys passkeys;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PasskeyCeremonies(WebAuthnChallenges challenges, Passkeys passkeys, ApplicationEventPublisher events, Clock clock) {
		this.challenges = challenges;
		this.passkeys = passkeys;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Options to create a passkey for this user: discoverable (so it can sign in without
	 * an email), user verification preferred, no attestation (Latchkey trusts no
	 * authenticator vendor over another), none of the user's passkeys again.
	 */
	Map<String, Object> creationOptions(Site site, UserResponse user, List<Passkey> existing) {
		byte[] challenge = this.challenges.issue(Purpose.REGISTRATION, user.id());
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("rp", Map.of("id", site.id(), "name", site.name()));
		options.put("user", Map.of("id", OpaqueValues.encode(userHandle(user.id())), "name", user.email(),
				"displayName", (user.fullName() != null) ? user.fullName() : user.email()));
		options.put("challenge", OpaqueValues.encode(challenge));
		options.put("pubKeyCredParams",
				ALGORITHMS.stream()
					.map((algorithm) -> Map.of("type", "public-key", "alg", algorithm.getValue()))
					.toList());
		options.put("timeout", TIMEOUT_MILLIS);
		options.put("excludeCredentials", descriptors(existing));
		options.put("authenticatorSelection",
				Map.of("residentKey", "required", "requireResidentKey", true, "userVerification", "preferred"));
		options.put("attestation", "none");
		return options;
	}

	/**
	 * Options to prove a passkey: of this user's passkeys ({@code allowed}), or of any
	 * discoverable one when {@code allowed} is empty (a sign-in that names no account).
	 */
	Map<String, Object> requestOptions(Site site, Purpose purpose, @Nullable UUID userId, List<Passkey> allowed,
			boolean userVerificationRequired) {
		byte[] challenge = this.challenges.issue(purpose, userId);
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("challenge", OpaqueValues.encode(challenge));
		options.put("timeout", TIMEOUT_MILLIS);
		options.put("rpId", site.id());
		options.put("allowCredentials", descriptors(allowed));
		options.put("userVerification", userVerificationRequired ? "required" : "preferred");
		return options;
	}

	/**
	 * Verifies the answer to {@link #creationOptions}: empty when it is malformed,
	 * answers no registration challenge of this user, or fails WebAuthn's checks (origin,
	 * RP ID, user presence, algorithm).
	 */
	Optional<NewPasskey> register(Site site, UUID userId, Map<String, Object> credential) {
		try {
			RegistrationData registration = this.webAuthn.parseRegistrationResponseJSON(json(credential));
			byte[] challenge = registration.getCollectedClientData().getChallenge().getValue();
			if (!this.challenges.consume(challenge, Purpose.REGISTRATION, userId)) {
				return Optional.empty();
			}
			this.webAuthn.verify(registration,
					new RegistrationParameters(server(site, challenge), CREDENTIAL_PARAMETERS, false, true));
			AuthenticatorData<?> authenticator = registration.getAttestationObject().getAuthenticatorData();
			AttestedCredentialData attested = authenticator.getAttestedCredentialData();
			Set<AuthenticatorTransport> transports = registration.getTransports();
			return Optional.of(new NewPasskey(attested.getCredentialId(), this.credentialData.convert(attested),
					authenticator.getSignCount(), authenticator.isFlagUV(), authenticator.isFlagBE(),
					authenticator.isFlagBS(), (transports == null) ? List.of()
							: transports.stream().map(AuthenticatorTransport::getValue).sorted().toList()));
		}
		catch (RuntimeException ex) {
			// webauthn4j's refusals, and the JSON or CBOR errors of a malformed answer
			return Optional.empty();
		}
	}

	/**
	 * Verifies the answer to {@link #requestOptions} and records the passkey's use (its
	 * counter, backup state and time): the passkey that signed it; empty when the answer
	 * is malformed, answers no challenge of this purpose and user, names a passkey that
	 * is not this user's (or no account's), or fails WebAuthn's checks. A counter that
	 * did not move forward is also refused, and published as
	 * {@link PasskeyCounterRegressed}; of two answers racing with one counter value, one
	 * is refused.
	 */
	Optional<Passkey> authenticate(Site site, Purpose purpose, @Nullable UUID userId, Map<String, Object> credential,
			boolean userVerificationRequired) {
		AuthenticationData authentication;
		byte[] challenge;
		Passkey passkey;
		try {
			authentication = this.webAuthn.parseAuthenticationResponseJSON(json(credential));
			challenge = authentication.getCollectedClientData().getChallenge().getValue();
			if (!this.challenges.consume(challenge, purpose, userId)) {
				return Optional.empty();
			}
			Optional<Passkey> found = this.passkeys.findByCredentialId(authentication.getCredentialId())
				.filter((key) -> userId == null || key.userId().equals(userId))
				.filter((key) -> handleMatches(authentication.getUserHandle(), key.userId(), userId == null));
			if (found.isEmpty()) {
				return Optional.empty();
			}
			passkey = found.get();
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
		try {
			this.webAuthn.verify(authentication, new AuthenticationParameters(server(site, challenge), record(passkey),
					List.of(passkey.credentialId()), userVerificationRequired, true));
		}
		catch (MaliciousCounterValueException ex) {
			this.events.publishEvent(new PasskeyCounterRegressed(passkey.userId(), passkey.id(), passkey.signCount(),
					authentication.getAuthenticatorData().getSignCount()));
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
		AuthenticatorData<?> authenticator = authentication.getAuthenticatorData();
		if (!this.passkeys.recordUse(passkey.id(), passkey.signCount(), authenticator.getSignCount(),
				authenticator.isFlagBS(), this.clock.instant())) {
			return Optional.empty();
		}
		return Optional.of(passkey);
	}

	/**
	 * The user handle a passkey carries: the account's id, as 16 bytes. It names no
	 * email, which WebAuthn asks of a user handle.
	 */
	static byte[] userHandle(UUID userId) {
		return ByteBuffer.allocate(16)
			.putLong(userId.getMostSignificantBits())
			.putLong(userId.getLeastSignificantBits())
			.array();
	}

	/**
	 * A discoverable passkey must say whose it is, and a handle, when given, must be its
	 * account's: a passkey whose handle names another account proves nothing.
	 */
	private static boolean handleMatches(byte @Nullable [] handle, UUID owner, boolean required) {
		if (handle == null || handle.length == 0) {
			return !required;
		}
		return Arrays.equals(handle, userHandle(owner));
	}

	private CredentialRecordImpl record(Passkey passkey) {
		Set<AuthenticatorTransport> transports = passkey.transports()
			.stream()
			.map(AuthenticatorTransport::create)
			.collect(Collectors.toSet());
		return new CredentialRecordImpl(null, passkey.uvInitialized(), passkey.backupEligible(), passkey.backupState(),
				passkey.signCount(), this.credentialData.convert(passkey.attestedCredentialData()), null, null, null,
				transports);
	}

	private static ServerProperty server(Site site, byte[] challenge) {
		return ServerProperty.builder()
			.origins(site.origins().stream().map(Origin::create).collect(Collectors.toSet()))
			.rpId(site.id())
			.challenge(new DefaultChallenge(challenge))
			.build();
	}

	private static List<Map<String, Object>> descriptors(List<Passkey> passkeys) {
		return passkeys.stream().map((passkey) -> {
			Map<String, Object> descriptor = new LinkedHashMap<>();
			descriptor.put("type", "public-key");
			descriptor.put("id", OpaqueValues.encode(passkey.credentialId()));
			if (!passkey.transports().isEmpty()) {
				descriptor.put("transports", passkey.transports());
			}
			return descriptor;
		}).toList();
	}

	/**
	 * The credential as the JSON the browser made: the request body held it as a map so
	 * that the API's snake_case naming never touches its W3C names.
	 */
	private static String json(Map<String, Object> credential) {
		return JsonMapper.shared().writeValueAsString(credential);
	}

	/** What a verified registration stores. */
	record NewPasskey(byte[] credentialId, byte[] attestedCredentialData, long signCount, boolean uvInitialized,
			boolean backupEligible, boolean backupState, List<String> transports) {
	}

}
