package dev.latchkey.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The account a login names, read as SQL: every login looks its address up beside a 25 ms
 * hash, and through the JPA repository the lookup (query plan, entity, persistence
 * context, and a transaction of its own) was about a fifth of a login's request CPU. What
 * it reads is what {@link UserService#authenticate} needs and nothing more.
 */
@Component
class SignInAccounts {

	private static final String FIND = """
			select id, email, full_name, is_active, is_verified, created_at, password_hash, credential_version
			from users where lower(email) = ?""";

	private final JdbcClient jdbc;

	SignInAccounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param email an address already normalised by {@link Emails#normalize}
	 */
	Optional<SignInAccount> find(String email) {
		return this.jdbc.sql(FIND).param(email).query(SignInAccounts::account).optional();
	}

	private static SignInAccount account(ResultSet row, int rowNumber) throws SQLException {
		UserResponse user = new UserResponse(row.getObject("id", UUID.class), row.getString("email"),
				row.getString("full_name"), row.getBoolean("is_active"), row.getBoolean("is_verified"),
				row.getObject("created_at", OffsetDateTime.class).toInstant());
		return new SignInAccount(user, row.getString("password_hash"), row.getInt("credential_version"));
	}

	/** An account with what a password check needs: its hash and credential version. */
	record SignInAccount(UserResponse user, String passwordHash, int credentialVersion) {

		@Override
		public String toString() {
			return "SignInAccount[user=" + this.user + "]";
		}

	}

}
