package dev.jobtower.adapters.invopop.demo;

import dev.jobtower.domain.vendor.testing.MutableClock;
import dev.jobtower.adapters.invopop.InvopopJobProvider;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.provider.ProviderAccount;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Two contexts, as in production: the simulator on an embedded server with demo mode on (and a test clock),
 * and an {@link InvopopJobProvider} whose base URL is the simulator's mount point. Discovery pages by two.
 */
final class SimulatedInvopop implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-04-30T08:00:00Z"));
    final ApplicationContext vendorContext;
    final EmbeddedServer server;
    final InvopopSimulator simulator;
    final CapturedWebhooks webhooks;
    final ApplicationContext clientContext;
    final InvopopJobProvider provider;

    SimulatedInvopop(InvopopSimulator.Settings settings) {
        vendorContext = ApplicationContext.builder()
                .properties(Map.of("jobtower.demo", "true", "jobtower.demo.seed", "42",
                        "jobtower.demo.tick", "1h", // deliveries are driven by the test
                        "test.capture-webhooks", "true", "micronaut.server.port", "-1"))
                .singletons(clock, settings)
                .start();
        server = vendorContext.getBean(EmbeddedServer.class).start();
        simulator = vendorContext.getBean(InvopopSimulator.class);
        webhooks = vendorContext.getBean(CapturedWebhooks.class);
        clientContext = ApplicationContext.run(Map.of(
                "micronaut.http.services.invopop.url", server.getURL() + "/_demo/invopop",
                "micronaut.http.services.invopop.read-timeout", "5s",
                "jobtower.invopop.discovery-page-size", "2"));
        provider = clientContext.getBean(InvopopJobProvider.class);
    }

    /** A new workspace: an API key the simulator has not seen. */
    ProviderAccount newAccount() {
        return new ProviderAccount(new ConnectionId(UUID.randomUUID()), "invopop-key-" + UUID.randomUUID(), null);
    }

    URI webhookUrl() {
        return URI.create(server.getURL() + "/_test/webhooks");
    }

    @Override
    public void close() {
        clientContext.close();
        vendorContext.close();
    }
}
