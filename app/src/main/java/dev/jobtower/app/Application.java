package dev.jobtower.app;

import dev.jobtower.app.demo.DemoMode;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;

/** Starts Jobtower. */
@OpenAPIDefinition(
        info = @Info(title = "Jobtower", version = "1",
                description = "One query API over asynchronous jobs at Finch, anon and Invopop."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut micronaut = Micronaut.build(args).banner(false);
        if (DemoMode.requested(System.getenv(), System.getProperties())) {
            // demo mode's defaults (vendors on the simulators, a snappy poller) live in application-demo.yml
            micronaut.environments(DemoMode.ENVIRONMENT);
        }
        micronaut.start();
    }
}
