package dev.latchkey.mfa;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code passkeys} table: the WebAuthn credentials registered to accounts, with what
 * verifying their later assertions needs (the public key, inside the attested credential
 * data, and the last signature counter).
 */
@Component
class Passkeys {

	private static final String COLUMNS = """
			id, user_id, credential_id, name, attested_credential_data, sign_count, uv_initialized,
			backup_eligible, backup_state, transports, created_at, last_used_at""";

	private final JdbcClient jdbc;

	Passkeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Adds the passkey: false when its credential id is registered already. */
	boolean insert(Passkey passkey) {
		return this.jdbc.sql("""
				insert into passkeys (%s)
				values (:id, :userId, :credentialId, :name, :data, :signCount, :uvInitialized, :backupEligible,
				        :backupState, :transports, :createdAt, null)
				on conflict (credential_id) do nothing""".formatted(COLUMNS))
			.param("id", passkey.id())
			.param("userId", passkey.userId())
			.param("credentialId", passkey.credentialId())
			.param("name", passkey.name())
			.param("data", passkey.attestedCredentialData())
			.param("signCount", passkey.signCount())
			.param("uvInitialized", passkey.uvInitialized())
			.param("backupEligible", passkey.backupEligible())
			.param("backupState", passkey.backupState())
			.param("transports", String.join(",", passkey.transports()))
			.param("createdAt", Timestamp.from(passkey.createdAt()))
			.update() == 1;
	}

	Optional<Passkey> findByCredentialId(byte[] credentialId) {
		return this.jdbc.sql("select " + COLUMNS + " from passkeys where credential_id = :credentialId")
			.param("credentialId", credentialId)
			.query(Passkeys::passkey)
			.optional();
	}

	/** The account's passkeys, oldest first. */
	List<Passkey> of(UUID userId) {
		return this.jdbc.sql("select " + COLUMNS + " from passkeys where user_id = :userId order by created_at, id")
			.param("userId", userId)
			.query(Passkeys::passkey)
			.list();
	}

	int count(UUID userId) {
		return this.jdbc.sql("select count(*) from passkeys where user_id = :userId")
			.param("userId", userId)
			.query(Integer.class)
			.single();
	}

	/**
	 * Deletes the account's passkey: false when the account has no passkey by this id.
	 */
	boolean delete(UUID userId, UUID id) {
		return this.jdbc.sql("delete from passkeys where id = :id and user_id = :userId")
			.param("id", id)
			.param("userId", userId)
			.update() == 1;
	}

	/**
	 * Records a verified assertion: its counter, its backup state and when. The counter
	 * moves forward only, so of two requests racing with assertions of one counter value
	 * (a replay), one records and the other gets false.
	 */
	boolean recordUse(UUID id, long previousCount, long signCount, boolean backupState, Instant at) {
		return this.jdbc.sql("""
				update passkeys set sign_count = :signCount, backup_state = :backupState, last_used_at = :at
				where id = :id and sign_count = :previous""")
			.param("id", id)
			.param("previous", previousCount)
			.param("signCount", signCount)
			.param("backupState", backupState)
			.param("at", Timestamp.from(at))
			.update() == 1;
	}

	private static Passkey passkey(ResultSet row, int n) throws SQLException {
		String transports = row.getString("transports");
		Timestamp lastUsed = row.getTimestamp("last_used_at");
		return new Passkey(row.getObject("id", UUID.class), row.getObject("user_id", UUID.class),
				row.getBytes("credential_id"), row.getString("name"), row.getBytes("attested_credential_data"),
				row.getLong("sign_count"), row.getBoolean("uv_initialized"), row.getBoolean("backup_eligible"),
				row.getBoolean("backup_state"), transports.isEmpty() ? List.of() : Arrays.asList(transports.split(",")),
				row.getTimestamp("created_at").toInstant(), lastUsed == null ? null : lastUsed.toInstant());
	}

	/**
	 * @param credentialId what the authenticator names the key by
	 * @param attestedCredentialData the AAGUID, credential id and COSE public key, as the
	 * authenticator encoded them
	 * @param signCount the last signature counter seen; 0 for an authenticator that keeps
	 * none
	 * @param transports how the browser can reach the authenticator (usb, internal, ...),
	 * as hints for later options
	 */
	record Passkey(UUID id, UUID userId, byte[] credentialId, String name, byte[] attestedCredentialData,
			long signCount, boolean uvInitialized, boolean backupEligible, boolean backupState, List<String> transports,
			Instant createdAt, @Nullable Instant lastUsedAt) {

		Passkey {
			transports = List.copyOf(transports);
		}

	}

}
