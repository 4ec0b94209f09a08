package dev.latchkey.database;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.latchkey.config.InvalidConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every DATABASE_URL form the template's users have, and refusals that never echo a
 * password.
 */
class DatabaseUrlTest {

	private static final String SECRET = "s3cr3t-Pa55";

	@Test
	void readsAPostgresqlUrl() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://alice:" + SECRET + "@db.example.com:5433/latchkey");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5433/latchkey");
		assertThat(url.username()).isEqualTo("alice");
		assertThat(url.password()).isEqualTo(SECRET);
	}

	@Test
	void readsAPostgresUrlAsHerokuAndRenderWriteThem() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://alice:" + SECRET + "@db.example.com:6543/latchkey");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/latchkey");
		assertThat(url.username()).isEqualTo("alice");
		assertThat(url.password()).isEqualTo(SECRET);
	}

	@Test
	@DisplayName("the template's own default, postgresql+asyncpg://postgres:postgres@localhost:5432/auth_db, works unchanged")
	void readsTheTemplatesAsyncpgDefault() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql+asyncpg://postgres:postgres@localhost:5432/auth_db");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/auth_db");
		assertThat(url.username()).isEqualTo("postgres");
		assertThat(url.password()).isEqualTo("postgres");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgresql+psycopg2", "postgresql+psycopg", "POSTGRESQL", "Postgres" })
	void readsOtherSqlAlchemyDriversAndAnyCaseOfTheScheme(String scheme) {
		DatabaseUrl url = DatabaseUrl.parse(scheme + "://u:p@h:5432/db");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
		assertThat(url.username()).isEqualTo("u");
	}

	@Test
	void passesAJdbcUrlThrough() {
		String jdbc = "jdbc:postgresql://db.example.com:5432/latchkey?sslmode=verify-full";

		DatabaseUrl url = DatabaseUrl.parse(jdbc);

		assertThat(url.jdbcUrl()).isEqualTo(jdbc);
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void ignoresSurroundingWhitespace() {
		assertThat(DatabaseUrl.parse("  postgresql://u:p@h/db \n").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
	}

	@Test
	void decodesAUrlEncodedPasswordWithAtSignAndColon() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://alice:p%40ss%3Aw%2Fo%25rd@h:5432/db");

		assertThat(url.password()).isEqualTo("p@ss:w/o%rd");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
	}

	@Test
	void keepsAPlusSignInThePasswordAsAPlusSign() {
		assertThat(DatabaseUrl.parse("postgresql://alice:a+b@h/db").password()).isEqualTo("a+b");
	}

	@Test
	void decodesAUrlEncodedUsername() {
		assertThat(DatabaseUrl.parse("postgresql://alice%40corp:p@h/db").username()).isEqualTo("alice@corp");
	}

	@Test
	void usesPort5432WhenNoneIsGiven() {
		assertThat(DatabaseUrl.parse("postgresql://u:p@db.example.com/latchkey").jdbcUrl())
			.isEqualTo("jdbc:postgresql://db.example.com:5432/latchkey");
	}

	@Test
	void usesThePostgresDatabaseWhenNoneIsGiven() {
		assertThat(DatabaseUrl.parse("postgresql://u:p@h:5432").jdbcUrl())
			.isEqualTo("jdbc:postgresql://h:5432/postgres");
		assertThat(DatabaseUrl.parse("postgresql://u:p@h:5432/").jdbcUrl())
			.isEqualTo("jdbc:postgresql://h:5432/postgres");
	}

	@Test
	void leavesTheUserToTheDriverWhenNoneIsGiven() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://h/db");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void readsAUserWithoutAPassword() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://alice@h/db");

		assertThat(url.username()).isEqualTo("alice");
		assertThat(url.password()).isNull();
	}

	@Test
	void readsAnIpv6Host() {
		assertThat(DatabaseUrl.parse("postgresql://u:p@[::1]:5433/db").jdbcUrl())
			.isEqualTo("jdbc:postgresql://[::1]:5433/db");
	}

	@Test
	void passesQueryParametersThrough() {
		assertThat(DatabaseUrl.parse("postgresql://u:p@h/db?sslmode=verify-full&connectTimeout=5").jdbcUrl())
			.isEqualTo("jdbc:postgresql://h:5432/db?sslmode=verify-full&connectTimeout=5");
	}

	@Test
	void translatesAsyncpgSslRequireToJdbcSslmode() {
		assertThat(DatabaseUrl.parse("postgresql+asyncpg://u:p@h/db?ssl=require").jdbcUrl())
			.isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require");
	}

	@Test
	void translatesAsyncpgSslTrueToSslmodeRequire() {
		assertThat(DatabaseUrl.parse("postgresql+asyncpg://u:p@h/db?ssl=true&application_name=latchkey").jdbcUrl())
			.isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require&application_name=latchkey");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "mysql://root:" + SECRET + "@h:3306/db", "sqlite:///" + SECRET + ".db",
			"http://root:" + SECRET + "@h/db" })
	void refusesAnotherDatabase(String value) {
		InvalidConfiguration refusal = refusal(value);

		assertThat(refusal).hasMessageContaining("DATABASE_URL");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgresql://root:" + SECRET + " with spaces@h/db",
			"postgresql://root:" + SECRET + "@h/db%", "postgresql://root:" + SECRET + "@h/db\\x" })
	void refusesAValueThatIsNotAUrl(String value) {
		InvalidConfiguration refusal = refusal(value);

		assertThat(refusal).hasMessageContaining("DATABASE_URL").hasMessageContaining("not a valid URL");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgresql:///db", "postgresql://root:" + SECRET + "@/db",
			"postgresql://root:" + SECRET + "@h:notaport/db", "postgresql://root:" + SECRET + "@more@h/db" })
	void refusesAUrlWithoutAHost(String value) {
		InvalidConfiguration refusal = refusal(value);

		assertThat(refusal).hasMessageContaining("DATABASE_URL").hasMessageContaining("host");
	}

	@Test
	void refusesAPathWithoutAScheme() {
		assertThat(refusal(SECRET)).hasMessageContaining("DATABASE_URL");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "postgresql://alice:" + SECRET + "@h:5432/db", "postgres://alice:" + SECRET + "@h/db",
			"postgresql+asyncpg://alice:" + SECRET + "@h/db?ssl=require",
			"jdbc:postgresql://h:5432/db?user=alice&password=" + SECRET,
			"jdbc:postgresql://h:5432/db?sslmode=require&password=" + SECRET + "&user=alice",
			"postgresql://alice:" + SECRET + "@h/db?password=" + SECRET })
	void neverShowsThePasswordWhenPrinted(String value) {
		DatabaseUrl url = DatabaseUrl.parse(value);

		assertThat(url).asString().doesNotContain(SECRET).contains("h");
	}

	private static InvalidConfiguration refusal(String value) {
		InvalidConfiguration refusal = catchThrowableOfType(InvalidConfiguration.class, () -> DatabaseUrl.parse(value));
		assertThat(refusal).as("refusal of %s", value).isNotNull();
		assertThat(refusal.getMessage()).doesNotContain(SECRET);
		return refusal;
	}

}
