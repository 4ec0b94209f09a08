package dev.latchkey.auth;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RefreshTokenRepository extends JpaRepository<RefreshToken, Long> {

	/**
	 * The token with this digest, its row locked until the transaction ends
	 * ({@code SELECT ...
	 * FOR UPDATE}): concurrent refreshes with one token, on any instance, take turns, so
	 * exactly one of them spends it and each later one sees it spent. Only the token's
	 * row is locked; see {@link SessionService#rotate} for its session's.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select t from RefreshToken t join fetch t.session where t.tokenDigest = :digest")
	Optional<RefreshToken> findByDigestForUpdate(byte[] digest);

	@Query("select t.session from RefreshToken t where t.tokenDigest = :digest")
	Optional<Session> findSessionByDigest(byte[] digest);

	@Modifying
	@Query("delete from RefreshToken t where t.expiresAt <= :now")
	int deleteExpired(Instant now);

}
