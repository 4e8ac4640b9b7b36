package dev.jobtower.app.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.query.JobStore;
import dev.jobtower.domain.tracking.ProviderDirectory;
import io.micronaut.http.annotation.Controller;
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

    @Test
    void the_app_never_parses_a_vendor_payload() {
        noClasses().that().resideInAPackage("dev.jobtower.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jobtower.adapters.finch.wire..",
                        "dev.jobtower.adapters.anon.wire..", "dev.jobtower.adapters.invopop.wire..")
                .allowEmptyShould(true)
                .check(ALL);
    }

    /** What drives the application from outside: the HTTP controllers, the poller, the webhook processor, the demo. */
    private static final DescribedPredicate<JavaClass> DRIVERS = DescribedPredicate.describe(
            "controllers, the poller, the webhook processor and the demo traffic",
            c -> c.isAnnotatedWith(Controller.class)
                    || java.util.Set.of("Poller", "WebhookProcessor", "DemoTraffic").contains(c.getSimpleName()));

    /**
     * Callers use the use cases (domain {@code tracking}, built in {@code UseCaseFactory}), never an out-port
     * or its adapter directly: a rule about jobs or connections then lives in one use case, tested there.
     * ({@code ProvidersController} may read the resilience state off {@code Providers}, but not ask it for a
     * vendor: the second rule.)
     */
    @Test
    void callers_use_the_use_cases_never_an_out_port() {
        noClasses().that(DRIVERS)
                .should().dependOnClassesThat(DescribedPredicate.describe("a job store, a connection store, a vendor "
                        + "adapter or the provider directory", c -> c.isAssignableTo(JobStore.class)
                        || c.isAssignableTo(ConnectionStore.class) || c.isAssignableTo(JobProvider.class)
                        || c.isEquivalentTo(ProviderDirectory.class)))
                .check(ALL);
        noClasses().that(DRIVERS)
                .should().callMethodWhere(DescribedPredicate.describe("ProviderDirectory.of (a vendor adapter)",
                        (JavaMethodCall call) -> call.getName().equals("of")
                                && call.getTargetOwner().isAssignableTo(ProviderDirectory.class)))
                .check(ALL);
    }

    @Test
    void the_drivers_named_by_the_rule_exist() {
        for (String name : new String[]{"Poller", "WebhookProcessor", "DemoTraffic", "JobsController",
                "ConnectionsController", "WebhookController"}) {
            assertTrue(ALL.stream().anyMatch(c -> c.getSimpleName().equals(name) && DRIVERS.test(c)), name);
        }
    }
}
