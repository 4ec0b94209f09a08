package dev.latchkey;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the code, checked: one package per feature or piece of plumbing, depending
 * on each other in one direction only, so that each can be read and changed on its own.
 */
class ArchitectureTest {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.latchkey");

	@Test
	void packagesDependOnEachOtherWithoutCycles() {
		slices().matching("dev.latchkey.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void accountsDoNotDependOnSessions() {
		// Accounts declare what they need from sessions (UserSessions); auth implements
		// it.
		noClasses().that()
			.resideInAPackage("dev.latchkey.users..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.latchkey.auth..")
			.check(this.classes);
	}

	@Test
	void plumbingDoesNotDependOnFeatures() {
		noClasses().that()
			.resideInAnyPackage("dev.latchkey.web..", "dev.latchkey.config..", "dev.latchkey.database..",
					"dev.latchkey.ratelimit..", "dev.latchkey.observability..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.latchkey.auth..", "dev.latchkey.users..")
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
