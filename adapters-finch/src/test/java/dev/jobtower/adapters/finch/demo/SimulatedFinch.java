package dev.jobtower.adapters.finch.demo;

import dev.jobtower.domain.vendor.testing.MutableClock;
import dev.jobtower.adapters.finch.FinchJobProvider;
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
 * and a {@link FinchJobProvider} whose base URL is the simulator's mount point, path and all.
 */
final class SimulatedFinch implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    final ApplicationContext vendorContext;
    final EmbeddedServer server;
    final FinchSimulator simulator;
    final CapturedWebhooks webhooks;
    final ApplicationContext clientContext;
    final FinchJobProvider provider;

    SimulatedFinch(FinchSimulator.Settings settings) {
        this(settings, -1);
    }

    /** @param port the simulator's port ({@code -1}: any free one) */
    SimulatedFinch(FinchSimulator.Settings settings, int port) {
        vendorContext = ApplicationContext.builder()
                .properties(Map.of("jobtower.demo", "true", "jobtower.demo.seed", "42",
                        "jobtower.demo.tick", "1h", // deliveries are driven by the test
                        "test.capture-webhooks", "true", "micronaut.server.port", Integer.toString(port)))
                .singletons(clock, settings)
                .start();
        server = vendorContext.getBean(EmbeddedServer.class).start();
        simulator = vendorContext.getBean(FinchSimulator.class);
        webhooks = vendorContext.getBean(CapturedWebhooks.class);
        clientContext = ApplicationContext.run(Map.of(
                "micronaut.http.services.finch.url", server.getURL() + "/_demo/finch",
                "micronaut.http.services.finch.read-timeout", "5s"));
        provider = clientContext.getBean(FinchJobProvider.class);
    }

    /** A new connection: a token the simulator has not seen. */
    ProviderAccount newAccount() {
        return new ProviderAccount(new ConnectionId(UUID.randomUUID()), "finch-token-" + UUID.randomUUID(), null);
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
