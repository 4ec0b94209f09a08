package dev.latchkey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each top-level package under dev.latchkey is an application module: other modules use
 * only its public types, and no two modules depend on each other in a cycle. The module
 * diagram in docs/modules is drawn from the code and must match it.
 */
class ModulesTest {

	/**
	 * Set to true ({@code -Dlatchkey.docs.update=true}) to write the diagram into docs/.
	 */
	private static final boolean UPDATE_DOCS = Boolean.getBoolean("latchkey.docs.update");

	private static final Path GENERATED = Path.of("target", "modules");

	private static final Path DOCS = Path.of("docs", "modules");

	private final ApplicationModules modules = ApplicationModules.of(LatchkeyApplication.class);

	@Test
	@DisplayName("the application modules are verified: no cycles, no use of another module's internals")
	void modulesVerify() {
		this.modules.verify();
	}

	@Test
	@DisplayName("docs/modules/components.puml is the module diagram the code draws today")
	void moduleDiagramInDocsIsCurrent() throws IOException {
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder(GENERATED.toString()))
			.writeModulesAsPlantUml();
		String diagram = Files.readString(GENERATED.resolve("components.puml"));
		if (UPDATE_DOCS) {
			Files.createDirectories(DOCS);
			Files.writeString(DOCS.resolve("components.puml"), diagram);
			Files.writeString(DOCS.resolve("components.svg"), svg(diagram));
		}

		// Documenter lists modules and relations in no fixed order: compare the lines.
		assertThat(Files.readAllLines(DOCS.resolve("components.puml")))
			.as("docs/modules is out of date: run ./mvnw test -Dtest=ModulesTest -Dlatchkey.docs.update=true")
			.containsExactlyInAnyOrderElementsOf(diagram.lines().toList());
	}

	/** The diagram as SVG, laid out by PlantUML itself, so no Graphviz is needed. */
	private static String svg(String diagram) throws IOException {
		String source = diagram.replaceFirst("@startuml\\R", "@startuml\n!pragma layout smetana\n");
		ByteArrayOutputStream svg = new ByteArrayOutputStream();
		new SourceStringReader(source).outputImage(svg, new FileFormatOption(FileFormat.SVG));
		return svg.toString(StandardCharsets.UTF_8);
	}

}
