import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.latchkey.database.DatabaseUrl;

/**
 * The floor of POST /auth/refresh: the SQL transaction of one refresh-token rotation
 * (SessionService.rotate, as Hibernate sends it), executed directly over JDBC, on as many
 * connections as the benchmark has HTTP connections, each rotating a chain of fresh tokens of
 * its own session.
 * <p>
 * {@code java -cp APP_CLASSPATH RefreshCeiling.java run USER_EMAIL CONNECTIONS SECONDS WARMUP}
 * prints {@code CEILING ops=N seconds=S ops_per_s=X p50_ms=A p99_ms=B threads=T};
 * {@code ... cleanup EMAIL_LIKE} deletes the benchmark's users (and, by cascade, their sessions
 * and tokens) from an external database. The database is BENCH_CEILING_DATABASE_URL (any
 * DATABASE_URL form), from the environment so that no password shows in a process list.
 */
public class RefreshCeiling {

	// The statements of one rotation, in the order Hibernate sends them (org.hibernate.SQL=DEBUG).
	static final String FIND_TOKEN = "select rt1_0.id,rt1_0.created_at,rt1_0.expires_at,rt1_0.session_id,s1_0.id,"
			+ "s1_0.created_at,s1_0.expires_at,s1_0.ip,s1_0.last_used_at,s1_0.revoked_at,s1_0.revoked_reason,"
			+ "s1_0.user_agent,s1_0.user_id,rt1_0.spent_at,rt1_0.token_digest from refresh_tokens rt1_0 "
			+ "join sessions s1_0 on s1_0.id=rt1_0.session_id where rt1_0.token_digest=? for no key update of rt1_0";

	// entityManager.refresh(session, PESSIMISTIC_WRITE), with the lock that call asks for.
	static final String LOCK_SESSION = "select s1_0.id,s1_0.created_at,s1_0.expires_at,s1_0.ip,s1_0.last_used_at,"
			+ "s1_0.revoked_at,s1_0.revoked_reason,s1_0.user_agent,s1_0.user_id from sessions s1_0 where s1_0.id=? "
			+ "for no key update";

	static final String INSERT_TOKEN = "insert into refresh_tokens (created_at,expires_at,session_id,spent_at,"
			+ "token_digest) values (?,?,?,?,?)";

	static final String SPEND_TOKEN = "update refresh_tokens set created_at=?,expires_at=?,session_id=?,spent_at=?,"
			+ "token_digest=? where id=?";

	static final String TOUCH_SESSION = "update sessions set expires_at=?,last_used_at=? where id=?";

	static final SecureRandom random = new SecureRandom();

	public static void main(String[] args) throws Exception {
		DatabaseUrl url = DatabaseUrl.parse(System.getenv("BENCH_CEILING_DATABASE_URL"));
		if (args[0].equals("cleanup")) {
			try (Connection connection = connect(url);
					PreparedStatement delete = connection.prepareStatement("delete from users where email like ?")) {
				delete.setString(1, args[1]);
				System.out.println("deleted " + delete.executeUpdate() + " benchmark users");
			}
			return;
		}
		String email = args[1];
		int threads = Integer.parseInt(args[2]);
		double seconds = Double.parseDouble(args[3]);
		double warmup = Double.parseDouble(args[4]);
		UUID userId;
		try (Connection connection = connect(url);
				PreparedStatement find = connection.prepareStatement("select id from users where email = ?")) {
			find.setString(1, email);
			try (ResultSet rows = find.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalStateException("No user " + email);
				}
				userId = rows.getObject(1, UUID.class);
			}
		}
		List<Chain> chains = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			chains.add(new Chain(connect(url), userId));
		}
		run(chains, warmup);
		Result result = run(chains, seconds);
		for (Chain chain : chains) {
			chain.connection.close();
		}
		System.out.printf("CEILING ops=%d seconds=%.3f ops_per_s=%.2f p50_ms=%.3f p99_ms=%.3f threads=%d%n",
				result.ops(), result.seconds(), result.ops() / result.seconds(), result.percentile(50), result.percentile(99),
				threads);
	}

	static Connection connect(DatabaseUrl url) throws SQLException {
		Properties properties = new Properties();
		if (url.username() != null) {
			properties.setProperty("user", url.username());
		}
		if (url.password() != null) {
			properties.setProperty("password", url.password());
		}
		return DriverManager.getConnection(url.jdbcUrl(), properties);
	}

	static Result run(List<Chain> chains, double seconds) throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + (long) (seconds * 1e9);
		List<Thread> workers = new ArrayList<>();
		int[] counts = new int[chains.size()];
		List<long[]> latencies = new ArrayList<>();
		List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
		for (int t = 0; t < chains.size(); t++) {
			Chain chain = chains.get(t);
			long[] mine = new long[1 << 17];
			latencies.add(mine);
			int index = t;
			workers.add(Thread.ofPlatform().name("rotate-" + t).start(() -> {
				int n = 0;
				try {
					for (long now = System.nanoTime(); now < deadline; ) {
						chain.rotate();
						long end = System.nanoTime();
						if (n < mine.length) {
							mine[n] = end - now;
						}
						n++;
						now = end;
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
				counts[index] = n;
			}));
		}
		for (Thread worker : workers) {
			worker.join();
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException("A rotation failed", failures.get(0));
		}
		return Result.of(latencies, counts, (System.nanoTime() - start) / 1e9);
	}

	/** One session and the current token of its chain of rotations, on its own connection. */
	static final class Chain {

		final Connection connection;

		final PreparedStatement findToken;

		final PreparedStatement lockSession;

		final PreparedStatement insertToken;

		final PreparedStatement spendToken;

		final PreparedStatement touchSession;

		byte[] current;

		Chain(Connection connection, UUID userId) throws SQLException {
			this.connection = connection;
			OffsetDateTime now = now();
			UUID sessionId = UUID.randomUUID();
			try (PreparedStatement insert = connection.prepareStatement("insert into sessions (id,user_id,created_at,"
					+ "last_used_at,expires_at,user_agent,ip) values (?,?,?,?,?,?,?)")) {
				insert.setObject(1, sessionId);
				insert.setObject(2, userId);
				insert.setObject(3, now);
				insert.setObject(4, now);
				insert.setObject(5, now.plusDays(7));
				insert.setString(6, null);
				insert.setString(7, "127.0.0.1");
				insert.executeUpdate();
			}
			this.current = newDigest();
			try (PreparedStatement insert = connection.prepareStatement(INSERT_TOKEN)) {
				insert.setObject(1, now);
				insert.setObject(2, now.plusDays(7));
				insert.setObject(3, sessionId);
				insert.setObject(4, null);
				insert.setBytes(5, this.current);
				insert.executeUpdate();
			}
			connection.setAutoCommit(false);
			this.findToken = connection.prepareStatement(FIND_TOKEN);
			this.lockSession = connection.prepareStatement(LOCK_SESSION);
			this.insertToken = connection.prepareStatement(INSERT_TOKEN, new String[] { "id" });
			this.spendToken = connection.prepareStatement(SPEND_TOKEN);
			this.touchSession = connection.prepareStatement(TOUCH_SESSION);
		}

		/** One transaction: what SessionService.rotate sends for a token that is neither spent nor expired. */
		void rotate() throws SQLException {
			long tokenId;
			UUID sessionId;
			OffsetDateTime createdAt;
			OffsetDateTime expiresAt;
			this.findToken.setBytes(1, this.current);
			try (ResultSet rows = this.findToken.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalStateException("The chain's token is gone");
				}
				tokenId = rows.getLong(1);
				createdAt = rows.getObject(2, OffsetDateTime.class);
				expiresAt = rows.getObject(3, OffsetDateTime.class);
				sessionId = rows.getObject(4, UUID.class);
				readRest(rows, 5, 15);
			}
			this.lockSession.setObject(1, sessionId);
			try (ResultSet rows = this.lockSession.executeQuery()) {
				rows.next();
				readRest(rows, 1, 9);
			}
			OffsetDateTime now = now();
			OffsetDateTime successorExpiry = now.plusDays(7).truncatedTo(ChronoUnit.SECONDS);
			byte[] successor = newDigest();
			this.insertToken.setObject(1, now);
			this.insertToken.setObject(2, successorExpiry);
			this.insertToken.setObject(3, sessionId);
			this.insertToken.setObject(4, null);
			this.insertToken.setBytes(5, successor);
			this.insertToken.executeUpdate();
			try (ResultSet keys = this.insertToken.getGeneratedKeys()) {
				keys.next();
				keys.getLong(1);
			}
			this.spendToken.setObject(1, createdAt);
			this.spendToken.setObject(2, expiresAt);
			this.spendToken.setObject(3, sessionId);
			this.spendToken.setObject(4, now);
			this.spendToken.setBytes(5, this.current);
			this.spendToken.setLong(6, tokenId);
			this.spendToken.executeUpdate();
			this.touchSession.setObject(1, successorExpiry);
			this.touchSession.setObject(2, now);
			this.touchSession.setObject(3, sessionId);
			this.touchSession.executeUpdate();
			this.connection.commit();
			this.current = successor;
		}

		private static void readRest(ResultSet rows, int from, int to) throws SQLException {
			for (int column = from; column <= to; column++) {
				rows.getObject(column);
			}
		}

	}

	static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	/** The digest of a fresh token, made as RefreshTokenGenerator makes them. */
	static byte[] newDigest() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
