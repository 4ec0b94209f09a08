package dev.latchkey.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.jspecify.annotations.Nullable;

import dev.latchkey.mfa.Passkeys.Passkey;
import dev.latchkey.web.MaxCharacters;
import dev.latchkey.web.PlainText;

/** The bodies and answers of the passkey endpoints. */
final class PasskeyRequests {

	private PasskeyRequests() {
	}

	/**
	 * @param credential what {@code navigator.credentials.create()} answered, as
	 * {@code PublicKeyCredential.toJSON()} gives it
	 * @param name what the account's owner calls this passkey, such as "Work laptop"
	 */
	record RegistrationRequest(@Schema(
			description = "PublicKeyCredential.toJSON() of the new credential") @NotEmpty Map<String, Object> credential,
			@Schema(example = "Work laptop") @NotBlank @MaxCharacters(NAME_LENGTH) @PlainText String name) {

		/** The {@code passkeys.name} column's length. */
		static final int NAME_LENGTH = 64;

		RegistrationRequest {
			name = (name != null) ? name.strip() : null;
		}

	}

	/**
	 * @param credential what {@code navigator.credentials.get()} answered, as
	 * {@code PublicKeyCredential.toJSON()} gives it
	 */
	record AssertionRequest(@Schema(
			description = "PublicKeyCredential.toJSON() of the assertion") @NotEmpty Map<String, Object> credential) {
	}

	record PasskeyResponse(String id, String name, Instant createdAt, @Nullable Instant lastUsedAt) {

		static PasskeyResponse of(Passkey passkey) {
			return new PasskeyResponse(passkey.id().toString(), passkey.name(), passkey.createdAt(),
					passkey.lastUsedAt());
		}

	}

	/**
	 * @param recoveryCodes when this passkey is the account's first second factor: ten
	 * recovery codes, shown this once; absent otherwise
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record AddedPasskey(String id, String name, Instant createdAt, @Nullable List<String> recoveryCodes) {

		@Override
		public String toString() {
			return "AddedPasskey[id=" + this.id + "]";
		}

	}

}
