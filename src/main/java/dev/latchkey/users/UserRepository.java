package dev.latchkey.users;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, UUID> {

	/**
	 * @param email an address already normalised by {@link Emails#normalize}
	 */
	@Query("select u from User u where lower(u.email) = :email")
	Optional<User> findByNormalizedEmail(String email);

	/**
	 * The account's credential version and whether it is active, its row locked until the
	 * transaction ends ({@code SELECT ... FOR NO KEY UPDATE}): a password change waits
	 * for a login holding it, and the reverse.
	 */
	@Query(value = "select credential_version as version, is_active as active from users where id = :id "
			+ "for no key update", nativeQuery = true)
	Optional<CredentialState> lockCredential(UUID id);

	/**
	 * Replaces the hash of an unchanged password (stronger parameters), only if it is
	 * still the hash that was checked: a password changed meanwhile is never overwritten
	 * with the old one's.
	 */
	@Modifying
	@Query("update User u set u.passwordHash = :newHash where u.id = :id and u.passwordHash = :checkedHash")
	int rehash(UUID id, String checkedHash, String newHash);

	/**
	 * Sets a new password, only if the password is still the one that was checked (its
	 * credential version), and advances the version.
	 */
	@Modifying
	@Query("""
			update User u set u.passwordHash = :newHash, u.credentialVersion = u.credentialVersion + 1,
				u.updatedAt = :now
			where u.id = :id and u.credentialVersion = :checkedVersion""")
	int changePassword(UUID id, int checkedVersion, String newHash, Instant now);

	/**
	 * Sets a new password whatever the current one is, advances the credential version
	 * and marks the address verified: a password reset.
	 */
	@Modifying
	@Query("""
			update User u set u.passwordHash = :newHash, u.credentialVersion = u.credentialVersion + 1,
				u.verified = true, u.updatedAt = :now
			where u.id = :id""")
	int resetPassword(UUID id, String newHash, Instant now);

	/**
	 * Replaces the address with one a mailed token proved; it counts as verified. The
	 * persistence context is cleared, so the account read next is the changed one.
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update User u set u.email = :newEmail, u.verified = true, u.updatedAt = :now where u.id = :id")
	int changeEmail(UUID id, String newEmail, Instant now);

	interface CredentialState {

		int getVersion();

		boolean getActive();

	}

}
