package dev.jobtower.adapters.anon.demo;

import dev.jobtower.domain.vendor.testing.MutableClock;
import dev.jobtower.adapters.anon.AnonJobProvider;
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
 * and an {@link AnonJobProvider} whose base URL is the simulator's mount point, path and all.
 */
final class SimulatedAnon implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-02-11T08:00:00Z"));
    final ApplicationContext vendorContext;
    final EmbeddedServer server;
    final AnonSimulator simulator;
    final CapturedWebhooks webhooks;
    final ApplicationContext clientContext;
    final AnonJobProvider provider;

    SimulatedAnon(AnonSimulator.Settings settings) {
        vendorContext = ApplicationContext.builder()
                .properties(Map.of("jobtower.demo", "true", "jobtower.demo.seed", "42",
                        "jobtower.demo.tick", "1h", // deliveries are driven by the test
                        "test.capture-webhooks", "true", "micronaut.server.port", "-1"))
                .singletons(clock, settings)
                .start();
        server = vendorContext.getBean(EmbeddedServer.class).start();
        simulator = vendorContext.getBean(AnonSimulator.class);
        webhooks = vendorContext.getBean(CapturedWebhooks.class);
        clientContext = ApplicationContext.run(Map.of(
                "micronaut.http.services.anon.url", server.getURL() + "/_demo/anon",
                "micronaut.http.services.anon.read-timeout", "5s"));
        provider = clientContext.getBean(AnonJobProvider.class);
    }

    /** A new organization: an API key the simulator has not seen. */
    ProviderAccount newAccount() {
        return new ProviderAccount(new ConnectionId(UUID.randomUUID()), "anon_demo_" + UUID.randomUUID(), null);
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
