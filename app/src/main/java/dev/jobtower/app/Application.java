package dev.jobtower.app;

import dev.jobtower.app.db.EmbeddedDatabase;
import dev.jobtower.app.demo.DemoMode;
import dev.jobtower.app.ops.CdsTraining;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.servers.Server;

/** Starts Jobtower. */
@OpenAPIDefinition(
        info = @Info(title = "Jobtower", version = "1",
                description = "One query API over asynchronous jobs at Finch, anon and Invopop."),
        servers = @Server(url = "/", description = "This Jobtower instance"),
        security = @SecurityRequirement(name = "apiKey"))
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        asyncTasksOnTheCommonPool(); // before anything loads CompletableFuture (the early start below does)
        // the embedded database (about 1.5 s) starts while Micronaut starts, not after it
        EmbeddedDatabase.startEarly(System.getenv());
        Micronaut micronaut = Micronaut.build(args).banner(false);
        if (DemoMode.requested(System.getenv(), System.getProperties())) {
            // demo mode's defaults (vendors on the simulators, a snappy poller) live in application-demo.yml
            micronaut.environments(DemoMode.ENVIRONMENT);
        }
        ApplicationContext context = micronaut.start();
        if (CdsTraining.requested()) {
            CdsTraining.runAndExit(context);
        }
    }

    /** The system property that sizes the JVM's common fork-join pool. */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    /**
     * The JDK's HTTP client (outbound notifications, the demo simulators' webhooks) completes every
     * {@code sendAsync} on {@link java.util.concurrent.CompletableFuture}'s default executor. That is the common
     * fork-join pool only when the pool has at least 2 threads; with 2 CPUs or fewer (parallelism = CPUs − 1) it is
     * a thread per task instead, so each answered request started and ended a platform thread (seen as
     * {@code Thread-4043} in a demo run's log). Asks for 2 unless the operator chose a size; it takes effect only
     * if it runs before {@code CompletableFuture} is first used, so first thing in {@link #main}.
     */
    static void asyncTasksOnTheCommonPool() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }
}
