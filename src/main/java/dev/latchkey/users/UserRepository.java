package dev.latchkey.users;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, UUID> {

	/**
	 * @param email an address already normalised by {@link Emails#normalize}
	 */
	@Query("select u from User u where lower(u.email) = :email")
	Optional<User> findByNormalizedEmail(String email);

}
