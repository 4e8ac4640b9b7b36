package dev.jobtower.adapters.anon.demo;

import dev.jobtower.domain.provider.VendorDemo;
import dev.jobtower.domain.vendor.demo.SimulatorDice;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Demo mode at anon: job runs started, runs an end user's link flow started followed, and one job watched
 * (its future runs are followed).
 */
public final class AnonDemo implements VendorDemo {
    private final AnonSimulator simulator;

    public AnonDemo(AnonSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public String connectionName() {
        return "Demo portals (anon)";
    }

    @Override
    public String token() {
        return "anon_demo_api_key";
    }

    /** anon signs Standard Webhooks: {@code whsec_} and base64. */
    @Override
    public String newWebhookSecret() {
        return "whsec_" + SimulatorDice.secretBase64();
    }

    @Override
    public void registerWebhook(String token, URI url, String secret) {
        simulator.registerWebhook(token, url, secret);
    }

    @Override
    public List<Move> opening() {
        return List.of(new Move("watch an anon job", (token, round, jobs) -> jobs.track(simulator.jobIds(token).get(0))));
    }

    @Override
    public List<Move> moves() {
        return List.of(
                new Move("start an anon job run", (token, round, jobs) -> {
                    List<String> jobIds = simulator.jobIds(token);
                    jobs.enqueue(jobIds.get(round % jobIds.size()), Map.of());
                }),
                new Move("track an anon run", (token, round, jobs) -> {
                    List<String> jobIds = simulator.jobIds(token);
                    jobs.track(simulator.startRun(token, jobIds.get((round + 1) % jobIds.size())));
                }));
    }
}
