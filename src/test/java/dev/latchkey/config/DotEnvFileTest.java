package dev.latchkey.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The {@code .env} file as the template's users write it, and its place below the real
 * environment: a variable set in the shell always wins over the file.
 */
class DotEnvFileTest {

	@Nested
	class Parsing {

		@Test
		void readsKeyValueLines() {
			assertThat(parse("SECRET_KEY=abc", "ALGORITHM=HS256")).containsExactly(entry("SECRET_KEY", "abc"),
					entry("ALGORITHM", "HS256"));
		}

		@Test
		void skipsCommentsAndBlankLines() {
			assertThat(parse("# a comment", "", "   ", "  # an indented comment", "PORT=8000"))
				.containsExactly(entry("PORT", "8000"));
		}

		@Test
		void acceptsAnExportPrefixAsAShellScriptWould() {
			assertThat(parse("export X=1", "  export   Y=2")).containsExactly(entry("X", "1"), entry("Y", "2"));
		}

		@Test
		void removesDoubleQuotes() {
			assertThat(parse("APP_NAME=\"My Auth Service\"")).containsExactly(entry("APP_NAME", "My Auth Service"));
		}

		@Test
		void removesSingleQuotes() {
			assertThat(parse("APP_NAME='My Auth Service'")).containsExactly(entry("APP_NAME", "My Auth Service"));
		}

		@Test
		void keepsAHashInsideQuotes() {
			assertThat(parse("SECRET_KEY=\"abc #def\"", "OTHER='x # y'"))
				.containsExactly(entry("SECRET_KEY", "abc #def"), entry("OTHER", "x # y"));
		}

		@Test
		void dropsAnInlineCommentAfterAQuotedValue() {
			assertThat(parse("APP_NAME=\"Latchkey\" # shown in the docs"))
				.containsExactly(entry("APP_NAME", "Latchkey"));
		}

		@Test
		void dropsAnInlineCommentThatFollowsASpace() {
			assertThat(parse("ACCESS_TOKEN_EXPIRE_MINUTES=15 # a quarter of an hour"))
				.containsExactly(entry("ACCESS_TOKEN_EXPIRE_MINUTES", "15"));
		}

		@Test
		void keepsAHashThatIsPartOfTheValue() {
			assertThat(parse("SECRET_KEY=abc#def")).containsExactly(entry("SECRET_KEY", "abc#def"));
		}

		@Test
		void keepsEqualsSignsInsideTheValue() {
			assertThat(parse("SECRET_KEY=a=b==", "DATABASE_URL=postgresql://u:p@h/db?ssl=require&x=y")).containsExactly(
					entry("SECRET_KEY", "a=b=="), entry("DATABASE_URL", "postgresql://u:p@h/db?ssl=require&x=y"));
		}

		@Test
		void readsAnEmptyValueAsEmpty() {
			assertThat(parse("COOKIE_DOMAIN=", "EMPTY_QUOTED=\"\"")).containsExactly(entry("COOKIE_DOMAIN", ""),
					entry("EMPTY_QUOTED", ""));
		}

		@Test
		void ignoresSpacesAroundTheEqualsSignAndAtTheEnds() {
			assertThat(parse("  PORT = 8000  ")).containsExactly(entry("PORT", "8000"));
		}

		@Test
		void turnsBackslashNIntoANewlineOnlyInsideDoubleQuotes() {
			assertThat(parse("A=\"one\\ntwo\"", "B='one\\ntwo'")).containsExactly(entry("A", "one\ntwo"),
					entry("B", "one\\ntwo"));
		}

		@Test
		void ignoresLinesThatAreNotAssignments() {
			assertThat(parse("just some words", "=novalue", "1ABC=x", "GOOD=yes"))
				.containsExactly(entry("GOOD", "yes"));
		}

		@Test
		void letsALaterLineWin() {
			assertThat(parse("PORT=8000", "PORT=9000")).containsExactly(entry("PORT", "9000"));
		}

		@Test
		void readsAFileWithWindowsLineEndings(@TempDir Path directory) throws IOException {
			Path file = directory.resolve(".env");
			Files.writeString(file, "PORT=9000\r\nDEBUG=true\r\n", StandardCharsets.UTF_8);

			assertThat(DotEnvFile.read(file)).containsExactly(entry("PORT", "9000"), entry("DEBUG", "true"));
		}

		@Test
		@DisplayName("a file saved with a UTF-8 byte order mark (Windows editors, PowerShell) still defines its first variable")
		void readsAFileWithAByteOrderMark(@TempDir Path directory) throws IOException {
			Path file = directory.resolve(".env");
			Files.writeString(file, "\uFEFFSECRET_KEY=from-file\nPORT=9000\n", StandardCharsets.UTF_8);

			assertThat(DotEnvFile.read(file)).containsExactly(entry("SECRET_KEY", "from-file"), entry("PORT", "9000"));
		}

		private static Map<String, Object> parse(String... lines) {
			return DotEnvFile.parse(List.of(lines));
		}

	}

	@Nested
	class Precedence {

		@TempDir
		Path directory;

		@Test
		void aRealEnvironmentVariableWinsOverTheFile() throws IOException {
			StandardEnvironment environment = environment(Map.of("SECRET_KEY", "from-the-environment"),
					dotEnv("SECRET_KEY=from-the-file"));

			postProcess(environment);

			assertThat(environment.getProperty("SECRET_KEY")).isEqualTo("from-the-environment");
		}

		@Test
		void aVariableOnlyInTheFileIsVisible() throws IOException {
			StandardEnvironment environment = environment(Map.of("SECRET_KEY", "from-the-environment"),
					dotEnv("ALGORITHM=HS512"));

			postProcess(environment);

			assertThat(environment.getProperty("ALGORITHM")).isEqualTo("HS512");
			assertThat(environment.getProperty("SECRET_KEY")).isEqualTo("from-the-environment");
		}

		@Test
		@DisplayName("DEBUG=true in the file means what it means in the environment: the relaxed property 'debug'")
		void aFileVariableAnswersItsRelaxedName() throws IOException {
			StandardEnvironment environment = environment(Map.of(), dotEnv("DEBUG=true", "COOKIE_SECURE=false"));

			postProcess(environment);

			assertThat(environment.getProperty("debug")).isEqualTo("true");
			assertThat(environment.getProperty("DEBUG")).isEqualTo("true");
			assertThat(environment.getProperty("cookie.secure")).isEqualTo("false");
		}

		@Test
		void aCommandLineOrSystemPropertyWinsOverTheFile() throws IOException {
			StandardEnvironment environment = environment(Map.of(), dotEnv("PORT=9000"));
			environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", Map.of("PORT", "7000")));

			postProcess(environment);

			assertThat(environment.getProperty("PORT")).isEqualTo("7000");
		}

		@Test
		void aBlankDotEnvFileSettingSwitchesTheFileOff() throws IOException {
			Path file = dotEnv("ONLY_IN_FILE=yes");
			StandardEnvironment environment = environment(Map.of(), file);
			putDotEnvFile(environment, " ");

			postProcess(environment);

			assertThat(environment.getProperty("ONLY_IN_FILE")).isNull();
			assertThat(environment.getPropertySources().contains(DotEnvEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
				.isFalse();
		}

		@Test
		void aMissingFileIsNotAnError() {
			StandardEnvironment environment = environment(Map.of("PORT", "8000"), this.directory.resolve("absent.env"));

			postProcess(environment);

			assertThat(environment.getProperty("PORT")).isEqualTo("8000");
			assertThat(environment.getPropertySources().contains(DotEnvEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
				.isFalse();
		}

		@Test
		void theDotEnvFileSettingMayComeFromTheEnvironmentItself() throws IOException {
			Path file = dotEnv("ONLY_IN_FILE=yes");
			StandardEnvironment environment = new StandardEnvironment();
			replaceSystemEnvironment(environment, Map.of("DOTENV_FILE", file.toString()));

			postProcess(environment);

			assertThat(environment.getProperty("ONLY_IN_FILE")).isEqualTo("yes");
		}

		private Path dotEnv(String... lines) throws IOException {
			Path file = this.directory.resolve("test.env");
			Files.write(file, List.of(lines), StandardCharsets.UTF_8);
			return file;
		}

		/**
		 * An environment whose "real" variables are {@code variables}, pointed at
		 * {@code file}.
		 */
		private static StandardEnvironment environment(Map<String, Object> variables, Path file) {
			StandardEnvironment environment = new StandardEnvironment();
			replaceSystemEnvironment(environment, variables);
			putDotEnvFile(environment, file.toString());
			return environment;
		}

		private static void replaceSystemEnvironment(StandardEnvironment environment, Map<String, Object> variables) {
			environment.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								new HashMap<>(variables)));
		}

		private static void putDotEnvFile(StandardEnvironment environment, String location) {
			String name = "test-settings";
			if (environment.getPropertySources().contains(name)) {
				environment.getPropertySources().remove(name);
			}
			environment.getPropertySources().addFirst(new MapPropertySource(name, Map.of("DOTENV_FILE", location)));
		}

		private static void postProcess(StandardEnvironment environment) {
			new DotEnvEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		}

	}

}
