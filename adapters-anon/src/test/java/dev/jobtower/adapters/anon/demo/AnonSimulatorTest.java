package dev.jobtower.adapters.anon.demo;

import dev.jobtower.domain.vendor.testing.MutableClock;
import dev.jobtower.domain.vendor.demo.DemoWebhookSender;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The real anon adapter against the anon simulator, over HTTP, on a clock the test moves. Lives are exact:
 * a run waits 2 s, each workflow takes 4 s, and an MFA prompt (2 s into the login) waits 10 s.
 */
class AnonSimulatorTest {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("an anon demo secret".getBytes());
    private static final Duration LONG_AFTER = Duration.ofMinutes(5);

    private static SimulatedAnon anon;

    @BeforeAll
    static void start() {
        anon = new SimulatedAnon(AnonSimulator.Settings.exact(Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(10), AnonSimulator.Scenario.AWAITS_MFA));
    }

    @AfterAll
    static void stop() {
        anon.close();
    }

    @Test
    void a_run_waits_for_the_users_mfa_code_then_completes_its_workflows_in_order_and_says_so_signed() {
        ProviderAccount account = anon.newAccount();
        anon.simulator.registerWebhook(account.token(), anon.webhookUrl(), SECRET);
        String jobId = anon.simulator.jobIds(account.token()).get(0);

        EnqueueOutcome started = anon.provider.enqueue(account, new EnqueueRequest(jobId, Map.of()), Optional.empty());
        String runId = started.job().externalId();
        assertEquals(JobStatus.QUEUED, started.job().status());
        assertEquals("Gusto payroll journal export", started.job().name());
        assertEquals(List.of("Log in to Gusto", "Export the payroll journal", "Upload it to the data room"),
                started.job().steps().stream().map(Step::name).toList());

        anon.clock.advance(Duration.ofSeconds(3)); // the login runs
        VendorJob running = anon.provider.fetch(account, runId);
        assertEquals(JobStatus.RUNNING, running.status());
        assertEquals(List.of(JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.QUEUED), statuses(running));

        anon.clock.advance(Duration.ofSeconds(2)); // at the MFA prompt
        VendorJob waiting = anon.provider.fetch(account, runId);
        assertEquals(JobStatus.WAITING, waiting.status());
        assertEquals(StatusReason.USER_INPUT_REQUIRED, waiting.statusReason());

        anon.simulator.deliverDueWebhooks();
        await().atMost(Duration.ofSeconds(10)).until(() -> anon.webhooks.deliveries.size() == 2);
        for (var delivery : List.copyOf(anon.webhooks.deliveries)) {
            WebhookSignal signal = anon.provider.readWebhook(delivery, SECRET, anon.clock.instant());
            assertEquals(List.of(runId), signal.jobsToReread(), "the run is the webhook's data.object");
        }
        anon.webhooks.deliveries.clear();

        anon.clock.advance(Duration.ofSeconds(12)); // the user answered; the second workflow runs
        assertEquals(List.of(JobStatus.SUCCEEDED, JobStatus.RUNNING, JobStatus.QUEUED),
                statuses(anon.provider.fetch(account, runId)));

        anon.clock.advance(LONG_AFTER);
        VendorJob done = anon.provider.fetch(account, runId);
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(List.of(JobStatus.SUCCEEDED, JobStatus.SUCCEEDED, JobStatus.SUCCEEDED), statuses(done));
        assertNotNull(done.completedAt());

        anon.simulator.deliverDueWebhooks();
        await().atMost(Duration.ofSeconds(10)).until(() -> anon.webhooks.deliveries.size() == 1);
        assertEquals("job_run.completed",
                anon.provider.readWebhook(anon.webhooks.deliveries.get(0), SECRET, anon.clock.instant()).eventType());
    }

    @Test
    void runs_that_fail_in_the_login_in_a_later_workflow_or_do_nothing_end_with_their_reasons() {
        ProviderAccount account = anon.newAccount();
        String jobId = anon.simulator.jobIds(account.token()).get(2);
        String loginFails = anon.simulator.startRun(account.token(), jobId, AnonSimulator.Scenario.LOGIN_FAILS);
        String laterFails = anon.simulator.startRun(account.token(), jobId, AnonSimulator.Scenario.WORKFLOW_FAILS);
        String noAction = anon.simulator.startRun(account.token(), jobId, AnonSimulator.Scenario.NO_ACTION);
        anon.clock.advance(LONG_AFTER);

        VendorJob auth = anon.provider.fetch(account, loginFails);
        assertEquals(JobStatus.FAILED, auth.status());
        assertEquals(StatusReason.AUTH_ERROR, auth.statusReason());
        assertEquals(List.of(JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.CANCELLED), statuses(auth),
                "workflows after a failed login never run");

        VendorJob vendor = anon.provider.fetch(account, laterFails);
        assertEquals(JobStatus.FAILED, vendor.status());
        assertEquals(StatusReason.VENDOR_ERROR, vendor.statusReason());

        VendorJob nothing = anon.provider.fetch(account, noAction);
        assertEquals(JobStatus.SUCCEEDED, nothing.status());
        assertEquals(StatusReason.NO_OP, nothing.statusReason());
    }

    @Test
    void tracking_a_job_returns_its_runs_and_discovery_follows_the_watched_job() {
        ProviderAccount account = anon.newAccount();
        String jobId = anon.simulator.jobIds(account.token()).get(1);
        String first = anon.simulator.startRun(account.token(), jobId, AnonSimulator.Scenario.SUCCESS);
        anon.clock.advance(Duration.ofSeconds(1));
        String second = anon.simulator.startRun(account.token(), jobId, AnonSimulator.Scenario.SUCCESS);

        TrackOutcome tracked = anon.provider.track(account, jobId);
        assertEquals(jobId, tracked.watchedId());
        assertEquals(List.of(second, first), tracked.jobs().stream().map(VendorJob::externalId).toList());

        anon.clock.advance(Duration.ofSeconds(1));
        String third = anon.simulator.startRun(account.token(), jobId);
        List<VendorJob> found = anon.provider.discover(account,
                new DiscoveryScope(anon.clock.instant().minus(Duration.ofDays(1)), Set.of(jobId), 100));
        assertEquals(List.of(third, second, first), found.stream().map(VendorJob::externalId).toList());
    }

    @Test
    void unknown_runs_are_404_and_a_call_without_a_key_is_401() {
        ProviderAccount account = anon.newAccount();
        assertThrows(VendorNotFound.class, () -> anon.provider.fetch(account, "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"));
        assertThrows(VendorNotFound.class, () -> anon.provider.enqueue(account,
                new EnqueueRequest("6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", Map.of()), Optional.empty()));
        String runId = anon.simulator.startRun(account.token(), anon.simulator.jobIds(account.token()).get(0));
        VendorRejected rejected = assertThrows(VendorRejected.class,
                () -> anon.provider.fetch(new ProviderAccount(account.connectionId(), " ", null), runId));
        assertEquals(401, rejected.vendorStatusCode());
    }

    @Test
    void the_same_seed_and_clock_give_the_same_lives_and_memory_stays_bounded() {
        JsonMapper json = anon.vendorContext.getBean(JsonMapper.class);
        MutableClock clock = new MutableClock(Instant.parse("2026-02-11T08:00:00Z"));
        AnonSimulator.Settings settings = AnonSimulator.Settings.demo().withMaxRunsPerAccount(3);
        AnonSimulator a = new AnonSimulator(clock, new Random(7), settings, json, new DemoWebhookSender("Simulated anon", message -> { }));
        AnonSimulator b = new AnonSimulator(clock, new Random(7), settings, json, new DemoWebhookSender("Simulated anon", message -> { }));
        assertEquals(a.jobIds("t"), b.jobIds("t"), "definitions are fixed per key");
        List<String> runsA = new ArrayList<>();
        List<String> runsB = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runsA.add(a.startRun("t", a.jobIds("t").get(i % 3)));
            runsB.add(b.startRun("t", b.jobIds("t").get(i % 3)));
        }
        assertEquals(runsA, runsB);
        for (int s = 0; s < 60; s += 7) {
            clock.advance(Duration.ofSeconds(7));
            assertEquals(String.valueOf(a.jobRun("t", runsA.get(4)).body()), String.valueOf(b.jobRun("t", runsB.get(4)).body()));
        }
        assertEquals(404, a.jobRun("t", runsA.get(0)).code(), "the oldest runs are forgotten");
        assertEquals(200, a.jobRun("t", runsA.get(2)).code());
    }

    private static List<JobStatus> statuses(VendorJob job) {
        return job.steps().stream().map(Step::status).toList();
    }
}
