import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.latchkey.database.DatabaseUrl;

/**
 * The floor of POST /auth/refresh: the SQL transaction of one refresh-token rotation
 * (SessionService.refresh, the statements of RefreshChains: the session row locked and read with
 * its user, the session's counter advanced), executed directly over JDBC, on as many connections as the
 * benchmark has HTTP connections, each rotating the chain of its own session.
 * <p>
 * {@code java -cp APP_CLASSPATH RefreshCeiling.java run USER_EMAIL CONNECTIONS SECONDS WARMUP}
 * prints {@code CEILING ops=N seconds=S ops_per_s=X p50_ms=A p99_ms=B threads=T};
 * {@code ... cleanup EMAIL_LIKE} deletes the benchmark's users (and, by cascade, their sessions) from an external database. The database is BENCH_CEILING_DATABASE_URL (any
 * DATABASE_URL form), from the environment so that no password shows in a process list.
 */
public class RefreshCeiling {

	// The statements of one rotation, read from the app's own class (dev.latchkey.sessions.RefreshChains)
	// so that the ceiling can never drift from what the app sends: the session row locked and read
	// with its user, then its counter advanced.
	static final String LOCK_SESSION = appStatement("LOCK");

	static final String ROTATE_SESSION = appStatement("ROTATE");

	static String appStatement(String name) {
		try {
			java.lang.reflect.Field field = Class.forName("dev.latchkey.sessions.RefreshChains").getDeclaredField(name);
			field.setAccessible(true);
			return (String) field.get(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The app has no refresh statement " + name, ex);
		}
	}

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

	/** One session and the current counter of its chain, on its own connection. */
	static final class Chain {

		final Connection connection;

		final UUID sessionId;

		final PreparedStatement lockSession;

		final PreparedStatement rotateSession;

		Chain(Connection connection, UUID userId) throws SQLException {
			this.connection = connection;
			this.sessionId = UUID.randomUUID();
			OffsetDateTime now = now();
			try (PreparedStatement insert = connection.prepareStatement("insert into sessions (id,user_id,created_at,"
					+ "last_used_at,expires_at,rotated_at,refresh_counter,user_agent,ip) values (?,?,?,?,?,?,0,?,?)")) {
				insert.setObject(1, this.sessionId);
				insert.setObject(2, userId);
				insert.setObject(3, now);
				insert.setObject(4, now);
				insert.setObject(5, now.plusDays(7));
				insert.setObject(6, now);
				insert.setString(7, null);
				insert.setString(8, "127.0.0.1");
				insert.executeUpdate();
			}
			connection.setAutoCommit(false);
			this.lockSession = connection.prepareStatement(LOCK_SESSION);
			this.rotateSession = connection.prepareStatement(ROTATE_SESSION);
		}

		/** One transaction: what SessionService.refresh sends for the current token of a live session. */
		void rotate() throws SQLException {
			long counter;
			this.lockSession.setObject(1, this.sessionId);
			try (ResultSet rows = this.lockSession.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalStateException("The chain's session is gone");
				}
				counter = rows.getLong("refresh_counter");
				readAll(rows);
			}
			OffsetDateTime now = now();
			this.rotateSession.setLong(1, counter + 1);
			this.rotateSession.setObject(2, now);
			this.rotateSession.setObject(3, now.plusDays(7).truncatedTo(ChronoUnit.SECONDS));
			this.rotateSession.setObject(4, now);
			this.rotateSession.setString(5, null);
			this.rotateSession.setString(6, "127.0.0.1");
			this.rotateSession.setObject(7, this.sessionId);
			this.rotateSession.executeUpdate();
			this.connection.commit();
		}

		private static void readAll(ResultSet rows) throws SQLException {
			for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
				rows.getObject(column);
			}
		}

	}

	static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

}
