package dev.jobtower.app.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceRule;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.query.JobStore;
import dev.jobtower.domain.tracking.ProviderDirectory;
import io.micronaut.http.annotation.Controller;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
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
                        "io.micronaut..", "com.fasterxml..", "java.sql..")
                .check(ALL);
        // the one exception: the demo simulators' webhook sender, shared by the adapters (JDK HTTP client)
        noClasses().that().resideInAPackage("dev.jobtower.domain..")
                .and().resideOutsideOfPackage("dev.jobtower.domain.vendor.demo..")
                .should().dependOnClassesThat().resideInAPackage("java.net.http..")
                .check(ALL);
    }

    @Test
    void the_vendor_support_package_is_for_adapters_only() {
        noClasses().that().resideInAPackage("dev.jobtower.domain..")
                .and().resideOutsideOfPackage("dev.jobtower.domain.vendor..")
                .should().dependOnClassesThat().resideInAPackage("dev.jobtower.domain.vendor..")
                .check(ALL);
        noClasses().that().resideInAPackage("dev.jobtower.app..")
                .should().dependOnClassesThat().resideInAPackage("dev.jobtower.domain.vendor..")
                .check(ALL);
    }

    /**
     * Dependencies against the grain that the cycle rule tolerates, each named by its class (and its generated
     * bean definitions) with the package it reaches into and the reason; any other dependency that closes a
     * cycle between two of app's packages fails the build. A line leaves this list when its dependency goes;
     * the list is checked to be exact.
     */
    static final List<String[]> CYCLE_BREAKS = List.of(
            new String[]{"db.QueryTimeout", "limits", "a cancelled query is answered 503 query-timeout, a problem Limits makes"},
            new String[]{"db.EmbeddedDatabase", "security", "the embedded database starts after the server secrets exist (bean order)"},
            new String[]{"problem.DomainProblems", "sync", "turns the resilience layer's refusals (busy, throttled, circuit open) into problems"},
            new String[]{"connections.ConnectionHealth", "sync", "a connection's health is its circuit state and last error, kept by sync"},
            new String[]{"jobs.store.PostgresJobStore", "sync", "PollSettings schedules the next poll on write (the domain PollSchedule replaces it)"},
            new String[]{"jobs.store.PostgresJobStore", "ops", "a job seen finishing is observed into the duration histogram (JobMetrics)"});

    private static String ownerName(JavaClass c) {
        // a class, its nested classes and Micronaut's generated $Name$Definition classes count as one
        String local = c.getName().substring(c.getPackageName().length() + 1).replaceFirst("^\\$", "");
        return c.getPackageName().replace("dev.jobtower.app.", "") + "." + local.split("\\$")[0];
    }

    @Test
    void the_apps_packages_have_no_cycles() {
        SliceRule rule = slices().matching("dev.jobtower.app.(**)").should().beFreeOfCycles();
        for (String[] allowed : CYCLE_BREAKS) {
            rule = rule.ignoreDependency(
                    DescribedPredicate.describe(allowed[0], c -> ownerName(c).equals(allowed[0])),
                    DescribedPredicate.describe(allowed[1], c -> c.getPackageName().startsWith("dev.jobtower.app." + allowed[1])));
        }
        rule.check(ALL);
        for (String[] allowed : CYCLE_BREAKS) {
            assertTrue(ALL.stream().filter(c -> c.getPackageName().startsWith("dev.jobtower.app") && ownerName(c).equals(allowed[0]))
                            .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                            .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("dev.jobtower.app." + allowed[1])),
                    allowed[0] + " no longer depends on " + allowed[1] + ": take it off CYCLE_BREAKS");
        }
    }

    /**
     * Persistence classes that live beside the feature they serve rather than in a {@code store} package, each
     * with its reason. A class leaves this list when its SQL moves into a store; the list is checked to be exact.
     */
    static final Map<String, String> SQL_OUTSIDE_STORES = Map.ofEntries(
            Map.entry("jobs.api.IdempotencyKeys", "the Idempotency-Key table: the enqueue endpoint's own state, nobody else reads it"),
            Map.entry("jobs.overdue.OverdueSweep", "the sweep is one SQL statement per tenant batch in one transaction"),
            Map.entry("jobs.overdue.OverdueListener", "a port told inside the sweep's transaction: it hands on the Connection"),
            Map.entry("notifications.OverdueNotifications", "implements OverdueListener: writes on the sweep's Connection"),
            Map.entry("notifications.WebhookEndpointStore", "the endpoints' store (a store, named so, in its feature package)"),
            Map.entry("notifications.WebhookOutbox", "the transactional outbox: writes on the job write's Connection"),
            Map.entry("notifications.WebhookMessages", "the outbox's claims and message log (FOR UPDATE SKIP LOCKED)"),
            Map.entry("ops.JobMetrics", "reads the trigger-kept counts for a gauge; one query, no store of its own"),
            Map.entry("retention.RetentionSweep", "deletes in small claimed batches (FOR UPDATE SKIP LOCKED): the sweep is its SQL"),
            Map.entry("connections.ConnectionCap", "the count and the insert under the tenant's row lock, one transaction"),
            Map.entry("connections.PostgresConnectionStore", "the connections' store (Micronaut Data); its look-up by id in JDBC: "
                    + "every webhook delivery and poll claim makes it"),
            Map.entry("sync.PollQueue", "the poller's claimed work list (leases, FOR UPDATE SKIP LOCKED)"),
            Map.entry("sync.PollRows", "the poll schedule's columns, read and written alike by PostgresJobStore and PollQueue"),
            Map.entry("connections.DiscoverySchedule", "claims connections for discovery with leases in the database"),
            Map.entry("webhooks.WebhookInbox", "the verified deliveries' inbox (leases, FOR UPDATE SKIP LOCKED)"));

    @Test
    void java_sql_only_in_store_packages_and_the_named_persistence_classes() {
        String[] named = SQL_OUTSIDE_STORES.keySet().stream().map(c -> "dev.jobtower.app." + c).toArray(String[]::new);
        noClasses().that().resideInAPackage("dev.jobtower.app..")
                .and().resideOutsideOfPackages("dev.jobtower.app.db..", "dev.jobtower.app..store..")
                .and(DescribedPredicate.describe("are not a named persistence class",
                        c -> java.util.Arrays.stream(named).noneMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$"))))
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .check(ALL);
        for (String name : named) {
            assertTrue(ALL.contain(name) && ALL.get(name).getDirectDependenciesFromSelf().stream()
                            .anyMatch(d -> d.getTargetClass().getPackageName().matches("javax?\\.sql")),
                    name + " is named as a persistence class but uses no java.sql: take it off the list");
        }
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

    /**
     * What drives the application from outside: the HTTP controllers, the poller, the webhook processor, the
     * demo, and the background set-up of a new connection.
     */
    private static final DescribedPredicate<JavaClass> DRIVERS = DescribedPredicate.describe(
            "controllers, the poller, the webhook processor, the demo traffic and the connection set-up",
            c -> c.isAnnotatedWith(Controller.class) || java.util.Set.of("Poller", "WebhookProcessor", "DemoTraffic",
                    "ConnectionLifecycle").contains(c.getSimpleName()));

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
                "ConnectionsController", "WebhookController", "ConnectionLifecycle"}) {
            assertTrue(ALL.stream().anyMatch(c -> c.getSimpleName().equals(name) && DRIVERS.test(c)), name);
        }
    }

    /**
     * Settings are typed ({@code @ConfigurationProperties} records, defaults in {@code application.yml}): no class
     * of the app or the adapters takes a setting with {@code @Value} or {@code @Property}, and only these read the
     * environment by hand ({@code PropertyResolver}), each with its reason. The list is checked to be exact.
     */
    static final Map<String, String> HAND_READ_SETTINGS = Map.of(
            "dev.jobtower.app.sync.ProviderResilience", "jobtower.<provider>.resilience.*: keys named after the registered "
                    + "vendor modules (a test-only fourth provider too), defaults from each module's VendorLimits",
            "dev.jobtower.app.demo.DemoMode", "micronaut.http.services.<provider>.url of each registered module with a "
                    + "demo, to warn when a vendor is not pointed at this process's simulator");

    private static final java.util.Set<String> PROPERTY_READS = java.util.Set.of("get", "getProperty",
            "getRequiredProperty", "getProperties", "containsProperty", "containsProperties", "getPropertyEntries");

    private static boolean generated(JavaClass c) {
        return c.getName().contains("$Definition") || c.getName().contains("$Introspection")
                || c.getName().contains("$Intercepted") || c.getName().contains("$$");
    }

    @Test
    void settings_are_typed_no_value_or_property_injection() {
        List<String> found = new java.util.ArrayList<>();
        for (JavaClass c : ALL) {
            if (!c.getPackageName().startsWith("dev.jobtower.app") && !c.getPackageName().startsWith("dev.jobtower.adapters")
                    || generated(c)) {
                continue;
            }
            java.util.stream.Stream.of(c.getFields().stream(), c.getCodeUnits().stream(),
                            c.getCodeUnits().stream().flatMap(u -> u.getParameters().stream()))
                    .flatMap(s -> s)
                    .filter(m -> ((com.tngtech.archunit.core.domain.properties.CanBeAnnotated) m)
                            .isAnnotatedWith(io.micronaut.context.annotation.Value.class)
                            || ((com.tngtech.archunit.core.domain.properties.CanBeAnnotated) m)
                            .isAnnotatedWith(io.micronaut.context.annotation.Property.class))
                    .forEach(m -> found.add(c.getName() + ": " + m));
        }
        assertTrue(found.isEmpty(), "settings injected with @Value/@Property instead of a @ConfigurationProperties "
                + "record:\n" + String.join("\n", found));
        DescribedPredicate<JavaMethodCall> readsAProperty = DescribedPredicate.describe("a PropertyResolver's property read",
                (JavaMethodCall call) -> PROPERTY_READS.contains(call.getName())
                        && call.getTargetOwner().isAssignableTo(io.micronaut.core.value.PropertyResolver.class));
        noClasses().that().resideInAnyPackage("dev.jobtower.app..", "dev.jobtower.adapters..")
                .and(DescribedPredicate.describe("are not generated", c -> !generated(c)))
                .and(DescribedPredicate.describe("are not named in HAND_READ_SETTINGS",
                        c -> HAND_READ_SETTINGS.keySet().stream().noneMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$"))))
                .should().callMethodWhere(readsAProperty)
                .check(ALL);
        for (String name : HAND_READ_SETTINGS.keySet()) {
            assertTrue(ALL.stream().filter(c -> c.getName().equals(name) || c.getName().startsWith(name + "$"))
                            .flatMap(c -> c.getMethodCallsFromSelf().stream())
                            .anyMatch(readsAProperty),
                    name + " reads no settings by hand any more: take it off HAND_READ_SETTINGS");
        }
    }
}
