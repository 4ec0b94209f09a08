import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.latchkey.database.DatabaseUrl;

/**
 * The database side of {@code bench/run --scale}: fills the app's database with a large,
 * mostly dead population, and reads what the run checks. The database is
 * BENCH_CEILING_DATABASE_URL (any DATABASE_URL form), from the environment so that no password
 * shows in a process list.
 * <ul>
 * <li>{@code seed PREFIX USERS SESSIONS HASH_OF_EMAIL}: USERS accounts PREFIX-scale-N@example.com
 * (with the password hash of HASH_OF_EMAIL, so that they look like real accounts) and SESSIONS
 * sessions spread over them: 8 in 10 expired over the last month, 1 in 10 revoked but not yet
 * expired, 1 in 10 live. Written by the server (generate_series) in committed chunks, then
 * analysed. Prints {@code SEED users=U sessions=S expired=E seconds=T}.</li>
 * <li>{@code expired}: prints {@code EXPIRED n}, the sessions cleanup would delete now.</li>
 * <li>{@code footprint EMAIL}: prints {@code FOOTPRINT rows=R bytes=B}, the rows the sessions table
 * holds for that user and their size as stored (pg_column_size of each row).</li>
 * </ul>
 */
public class ScaleDatabase {

	/** Rows per insert statement, each committed: no single transaction of millions of rows. */
	private static final int CHUNK = 250_000;

	public static void main(String[] args) throws Exception {
		DatabaseUrl url = DatabaseUrl.parse(System.getenv("BENCH_CEILING_DATABASE_URL"));
		try (Connection connection = RefreshCeiling.connect(url)) {
			switch (args[0]) {
				case "seed" -> seed(connection, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
				case "expired" -> System.out.println("EXPIRED " + expired(connection));
				case "footprint" -> footprint(connection, args[1]);
				default -> throw new IllegalArgumentException("Unknown command " + args[0]);
			}
		}
	}

	static void seed(Connection connection, String prefix, int users, int sessions, String hashOfEmail)
			throws SQLException {
		long start = System.nanoTime();
		String hash;
		try (PreparedStatement find = connection.prepareStatement("select password_hash from users where email = ?")) {
			find.setString(1, hashOfEmail);
			try (ResultSet rows = find.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalStateException("No user " + hashOfEmail);
				}
				hash = rows.getString(1);
			}
		}
		// The ids are derived from the prefix and the number, so that sessions can name their
		// user without a join: md5 gives 128 bits, which PostgreSQL reads as a uuid.
		for (int from = 1; from <= users; from += CHUNK) {
			try (PreparedStatement insert = connection.prepareStatement("""
					insert into users (id, email, password_hash, is_active, is_verified, created_at, updated_at)
					select md5(? || g)::uuid, ? || '-scale-' || g || '@example.com', ?, true, true,
					       now() - interval '60 days', now() - interval '60 days'
					from generate_series(?::int, ?::int) g""")) {
				insert.setString(1, prefix);
				insert.setString(2, prefix);
				insert.setString(3, hash);
				insert.setInt(4, from);
				insert.setInt(5, Math.min(users, from + CHUNK - 1));
				insert.executeUpdate();
			}
		}
		for (int from = 1; from <= sessions; from += CHUNK) {
			try (PreparedStatement insert = connection.prepareStatement("""
					insert into sessions (id, user_id, created_at, last_used_at, expires_at, revoked_at,
					                      revoked_reason, user_agent, ip, refresh_counter, rotated_at)
					select gen_random_uuid(), md5(? || (g % ? + 1))::uuid, t.used - interval '1 day', t.used,
					       case when g % 10 < 8 then t.used + interval '7 days' else now() + interval '5 days' end,
					       case when g % 10 = 8 then now() - interval '1 hour' end,
					       case when g % 10 = 8 then 'logout' end,
					       'Mozilla/5.0 (X11; Linux x86_64) bench', '203.0.113.' || (g % 250), g % 40, t.used
					from generate_series(?::int, ?::int) g,
					     lateral (select case when g % 10 < 8
					                          then now() - interval '38 days' + (g % 2592000) * interval '1 second'
					                          else now() - interval '1 day' end as used) t""")) {
				insert.setString(1, prefix);
				insert.setInt(2, users);
				insert.setInt(3, from);
				insert.setInt(4, Math.min(sessions, from + CHUNK - 1));
				insert.executeUpdate();
			}
		}
		try (PreparedStatement analyze = connection.prepareStatement("analyze users, sessions")) {
			analyze.execute();
		}
		System.out.printf("SEED users=%d sessions=%d expired=%d seconds=%.0f%n", users, sessions, expired(connection),
				(System.nanoTime() - start) / 1e9);
	}

	static long expired(Connection connection) throws SQLException {
		try (PreparedStatement count = connection
			.prepareStatement("select count(*) from sessions where expires_at <= now()");
				ResultSet rows = count.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
	}

	static void footprint(Connection connection, String email) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("""
				select count(*), coalesce(sum(pg_column_size(s.*)), 0)
				from sessions s join users u on u.id = s.user_id where u.email = ?""")) {
			query.setString(1, email);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				System.out.printf("FOOTPRINT rows=%d bytes=%d%n", rows.getLong(1), rows.getLong(2));
			}
		}
	}

}
