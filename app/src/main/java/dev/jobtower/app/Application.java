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
}
