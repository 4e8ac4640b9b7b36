package dev.jobtower.adapters.finch.demo;

import dev.jobtower.domain.provider.VendorDemo;
import dev.jobtower.domain.vendor.demo.SimulatorDice;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Demo mode at Finch: data syncs and W-4 syncs started, and Finch's own daily sync followed. */
public final class FinchDemo implements VendorDemo {
    private final FinchSimulator simulator;

    public FinchDemo(FinchSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public String connectionName() {
        return "Demo payroll (Finch)";
    }

    @Override
    public String token() {
        return "demo-finch-access-token";
    }

    /** Finch signs with a base64 secret. */
    @Override
    public String newWebhookSecret() {
        return SimulatorDice.secretBase64();
    }

    @Override
    public void registerWebhook(String token, URI url, String secret) {
        simulator.registerWebhook(token, url, secret);
    }

    @Override
    public List<Move> moves() {
        return List.of(
                new Move("start a Finch data sync", (token, round, jobs) -> jobs.enqueue("data_sync_all", Map.of())),
                new Move("start a Finch W-4 sync", (token, round, jobs) -> jobs.enqueue("w4_form_employee_sync",
                        Map.of("individualId", UUID.randomUUID().toString()))),
                new Move("track Finch's daily sync", (token, round, jobs) -> jobs.track(simulator.scheduleDailySync(token))));
    }
}
