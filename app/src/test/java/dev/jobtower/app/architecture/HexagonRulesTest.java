package dev.jobtower.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rings of the hexagon: no adapter knows another adapter or the app; the domain knows none of them. */
class HexagonRulesTest {
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jobtower");

    @Test
    void every_ring_was_imported() {
        for (String pkg : new String[]{"dev.jobtower.domain", "dev.jobtower.adapters.finch", "dev.jobtower.adapters.anon",
                "dev.jobtower.adapters.invopop", "dev.jobtower.app"}) {
            assertTrue(ALL.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)), pkg + " classes were imported");
        }
    }

    @Test
    void no_adapter_depends_on_another_adapter_or_on_the_app() {
        String[] adapters = {"finch", "anon", "invopop"};
        for (String adapter : adapters) {
            for (String other : adapters) {
                if (!other.equals(adapter)) {
                    noClasses().that().resideInAPackage("dev.jobtower.adapters." + adapter + "..")
                            .should().dependOnClassesThat().resideInAPackage("dev.jobtower.adapters." + other + "..")
                            .check(ALL);
                }
            }
            noClasses().that().resideInAPackage("dev.jobtower.adapters." + adapter + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.jobtower.app..")
                    .check(ALL);
        }
    }

    @Test
    void the_domain_knows_no_adapter_and_not_the_app() {
        noClasses().that().resideInAPackage("dev.jobtower.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jobtower.adapters..", "dev.jobtower.app..",
                        "io.micronaut..", "com.fasterxml..", "java.sql..", "java.net.http..")
                .check(ALL);
    }

    /**
     * A vendor is one module: the app learns the vendors from the registered {@code VendorModule} beans
     * ({@code VendorModules}) and refers to no adapter class, so adding a vendor changes no app code.
     */
    @Test
    void the_app_refers_to_no_adapter() {
        noClasses().that().resideInAPackage("dev.jobtower.app..")
                .should().dependOnClassesThat().resideInAPackage("dev.jobtower.adapters..")
                .check(ALL);
    }

    @Test
    void the_app_never_parses_a_vendor_payload() {
        noClasses().that().resideInAPackage("dev.jobtower.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jobtower.adapters.finch.wire..",
                        "dev.jobtower.adapters.anon.wire..", "dev.jobtower.adapters.invopop.wire..")
                .allowEmptyShould(true)
                .check(ALL);
    }
}
