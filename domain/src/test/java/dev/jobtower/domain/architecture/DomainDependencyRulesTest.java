package dev.jobtower.domain.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The domain depends on the JDK only: no framework, no JSON, no HTTP, no SQL. */
class DomainDependencyRulesTest {
    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jobtower.domain");

    @Test
    void domain_depends_on_java_and_javax_crypto_only() {
        classes().that().resideInAPackage("dev.jobtower.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.jobtower.domain..", "java..", "javax.crypto..")
                .check(DOMAIN);
    }

    @Test
    void the_domain_was_imported() {
        if (DOMAIN.size() < 30) {
            throw new AssertionError("expected the domain's classes, found " + DOMAIN.size());
        }
    }
}
