package dev.jobtower.adapters.finch.demo;

import dev.jobtower.domain.provider.VendorDemo;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Demo mode at Finch: data syncs and W-4 syncs started, and Finch's own daily sync followed. */
public final class FinchDemo implements VendorDemo {
    private static final SecureRandom RANDOM = new SecureRandom();
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
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
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
