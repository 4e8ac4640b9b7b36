package dev.jobtower.adapters.invopop.demo;

import dev.jobtower.domain.provider.VendorDemo;
import dev.jobtower.domain.vendor.demo.SimulatorDice;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Demo mode at Invopop: invoice jobs started, and jobs another system started followed. */
public final class InvopopDemo implements VendorDemo {
    private final InvopopSimulator simulator;

    public InvopopDemo(InvopopSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public String connectionName() {
        return "Demo invoicing (Invopop)";
    }

    @Override
    public String token() {
        return "demo-invopop-workspace-key";
    }

    /** Invopop's webhooks carry a bearer token of the user's choosing. */
    @Override
    public String newWebhookSecret() {
        return "demo_" + SimulatorDice.secretBase64Url();
    }

    @Override
    public void registerWebhook(String token, URI url, String secret) {
        simulator.registerWebhook(token, url, secret);
    }

    @Override
    public List<Move> moves() {
        return List.of(
                new Move("start an Invopop job", (token, round, jobs) -> {
                    List<String> workflows = simulator.workflowIds(token);
                    jobs.enqueue(workflows.get(round % workflows.size()), Map.of(
                            "siloEntryId", UUID.randomUUID().toString(), "key", invoiceKey(), "tags", List.of("demo")));
                }),
                new Move("track an Invopop job", (token, round, jobs) -> {
                    List<String> workflows = simulator.workflowIds(token);
                    jobs.track(simulator.createJob(token, workflows.get((round + 1) % workflows.size()), invoiceKey()));
                }));
    }

    private static String invoiceKey() {
        return "INV-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }
}
