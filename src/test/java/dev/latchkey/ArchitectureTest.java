package dev.latchkey;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Rules on the shape of the code beyond what {@link ModulesTest} verifies (no cycles
 * between modules): which way features and plumbing may depend on each other.
 */
class ArchitectureTest {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		// Not what Spring's ahead-of-time processing generates (Name__BeanDefinitions and
		// the like), which a build that packaged left in target/classes: wiring, not
		// design.
		.withImportOption((location) -> !location.contains("__"))
		.importPackages("dev.latchkey");

	@Test
	void accountsDoNotDependOnSessions() {
		// Accounts publish what happened to them (PasswordChanged); sessions listen.
		noClasses().that()
			.resideInAPackage("dev.latchkey.users..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.latchkey.auth..", "dev.latchkey.sessions..", "dev.latchkey.tokens..")
			.check(this.classes);
	}

	@Test
	void plumbingDoesNotDependOnFeatures() {
		noClasses().that()
			.resideInAnyPackage("dev.latchkey.web..", "dev.latchkey.config..", "dev.latchkey.database..",
					"dev.latchkey.ratelimit..", "dev.latchkey.failures..", "dev.latchkey.mail..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.latchkey.auth..", "dev.latchkey.sessions..", "dev.latchkey.tokens..",
					"dev.latchkey.users..")
			.check(this.classes);
	}

	@Test
	void nothingDependsOnObservability() {
		// Observability listens to the facts every module publishes; no module calls it,
		// so a new fact never needs a new method here before it can be published.
		noClasses().that()
			.resideOutsideOfPackage("dev.latchkey.observability..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.latchkey.observability..")
			.check(this.classes);
	}

	@Test
	void failuresSpeakNoHttp() {
		// A module refuses with a kind; the web module alone decides the status.
		noClasses().that()
			.resideInAPackage("dev.latchkey.failures..")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages("java..", "org.jspecify..", "dev.latchkey.failures..")
			.check(this.classes);
	}

	@Test
	void onlyTheDataLayerTouchesEntities() {
		// Entities stay inside their feature; controllers answer with records.
		noClasses().that()
			.haveSimpleNameEndingWith("Controller")
			.should()
			.dependOnClassesThat()
			.areAnnotatedWith(jakarta.persistence.Entity.class)
			.check(this.classes);
	}

	@Test
	void securityEventsAreWrittenOnlyThroughTheEscapingLog() {
		// EventLog escapes every value; a Logger of its own would let a new event write
		// request data as it is.
		noClasses().that()
			.haveFullyQualifiedName("dev.latchkey.observability.SecurityEvents")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.slf4j..", "org.apache.commons.logging..", "java.util.logging..")
			.check(this.classes);
	}

}
