package dev.jobtower.adapters.invopop.demo;

import dev.jobtower.domain.vendor.testing.MutableClock;
import dev.jobtower.domain.vendor.demo.DemoWebhookSender;
import dev.jobtower.domain.job.Fault;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Invopop adapter against the Invopop simulator, over HTTP, on a clock the test moves. Lives are
 * exact: 1 s before the first step, 2 s per step, an {@code ERR} retried after 5 s, a {@code QUEUED}
 * authority answering after 10 s.
 */
class InvopopSimulatorTest {
    private static final String SECRET = "an invopop demo bearer token";
    private static final Duration LONG_AFTER = Duration.ofMinutes(5);

    private static SimulatedInvopop invopop;

    @BeforeAll
    static void start() {
        invopop = new SimulatedInvopop(InvopopSimulator.Settings.exact(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), InvopopSimulator.Scenario.RETRIED));
    }

    @AfterAll
    static void stop() {
        invopop.close();
    }

    @Test
    void a_job_runs_its_steps_retries_one_and_succeeds_with_a_pdf_then_the_webhook_step_names_it() throws Exception {
        ProviderAccount account = invopop.newAccount();
        invopop.simulator.registerWebhook(account.token(), invopop.webhookUrl(), SECRET);
        String workflowId = invopop.simulator.workflowIds(account.token()).get(0);
        EnqueueRequest request = new EnqueueRequest(workflowId, Map.of("siloEntryId", "082ded41-31f7-429a-a740-0d2b7cc5707f",
                "key", "INV-2026-0001", "tags", List.of("demo")));

        EnqueueOutcome created = invopop.provider.enqueue(account, request,
                invopop.provider.preassignExternalId(request));
        String id = created.job().externalId();
        assertEquals(JobStatus.QUEUED, created.job().status());
        assertEquals("Spain · VERI*FACTU invoice", created.job().name());

        invopop.clock.advance(Duration.ofSeconds(2)); // signing
        VendorJob signing = invopop.provider.fetch(account, id);
        assertEquals(JobStatus.RUNNING, signing.status());
        assertEquals(List.of("Sign envelope"), signing.steps().stream().map(Step::name).toList());

        invopop.clock.advance(Duration.ofSeconds(4)); // the authority answered 503: retried later
        VendorJob retrying = invopop.provider.fetch(account, id);
        assertEquals(JobStatus.RUNNING, retrying.status());
        assertEquals(StatusReason.RETRYING, retrying.statusReason());
        assertEquals("ERR", retrying.vendorStatus());

        invopop.clock.advance(Duration.ofSeconds(14)); // retried, PDF made, webhook sent
        VendorJob done = invopop.provider.fetch(account, id);
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals(List.of("Sign envelope", "Send VERI*FACTU", "Generate PDF", "Send webhook"),
                done.steps().stream().map(Step::name).toList());
        assertTrue(done.steps().stream().allMatch(s -> s.status() == JobStatus.SUCCEEDED));
        assertEquals(1, done.attachments().size());
        assertEquals("application/pdf", done.attachments().get(0).mime());
        assertEquals(List.of("demo"), done.tags());
        assertEquals(true, done.attributes().get("hasEnvelope"));

        invopop.simulator.deliverDueWebhooks();
        WebhookSignal signal = await().atMost(Duration.ofSeconds(10)).until(() -> signalFor(id), s -> s != null);
        assertEquals("success", signal.eventType());

        assertEquals(id, invopop.provider.fetchByKey(account, "INV-2026-0001").externalId());
        EnqueueOutcome again = invopop.provider.enqueue(account, request, invopop.provider.preassignExternalId(request));
        assertTrue(again.deduplicated(), "a key already used answers 409, and the job under the key is read");
        assertEquals(id, again.job().externalId());

        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(done.attachments().get(0).url())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        assertArrayEquals(InvopopSimulator.PLACEHOLDER_PDF, pdf.body());
    }

    @Test
    void a_knocked_out_authority_step_fails_the_job_with_its_fault_and_an_error_webhook() {
        ProviderAccount account = invopop.newAccount();
        invopop.simulator.registerWebhook(account.token(), invopop.webhookUrl(), SECRET);
        String workflowId = invopop.simulator.workflowIds(account.token()).get(0);
        String id = invopop.simulator.createJob(account.token(), workflowId, "INV-KO-1", InvopopSimulator.Scenario.FAILS);

        invopop.clock.advance(Duration.ofMillis(5_150)); // just after the KO, before the rescue flow
        VendorJob knockedOut = invopop.provider.fetch(account, id);
        assertEquals(JobStatus.RUNNING, knockedOut.status(), "the rescue flow has yet to run");
        assertNull(knockedOut.completedAt());

        invopop.clock.advance(LONG_AFTER);
        VendorJob failed = invopop.provider.fetch(account, id);
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(StatusReason.VENDOR_ERROR, failed.statusReason());
        assertEquals(List.of(new Fault("verifactu", "1105", "supplier not registered", List.of("$.doc.supplier.tax_id"))),
                failed.faults());
        assertTrue(failed.attachments().isEmpty(), "no PDF after a knock-out");

        invopop.simulator.deliverDueWebhooks();
        WebhookSignal signal = await().atMost(Duration.ofSeconds(10)).until(() -> signalFor(id), s -> s != null);
        assertEquals("error", signal.eventType(), "the rescue flow's webhook step");
    }

    /** The captured webhook naming the job, read (authenticated) by the adapter; null until it arrives. */
    private static WebhookSignal signalFor(String jobId) {
        return invopop.webhooks.deliveries.stream()
                .map(d -> invopop.provider.readWebhook(d, SECRET, invopop.clock.instant()))
                .filter(s -> s.jobsToReread().equals(List.of(jobId))).findFirst().orElse(null);
    }

    @Test
    void a_queued_authority_keeps_the_job_waiting_on_the_outside() {
        ProviderAccount account = invopop.newAccount();
        String workflowId = invopop.simulator.workflowIds(account.token()).get(1);
        String id = invopop.simulator.createJob(account.token(), workflowId, null,
                InvopopSimulator.Scenario.WAITS_FOR_AUTHORITY);
        invopop.clock.advance(Duration.ofSeconds(6));

        VendorJob waiting = invopop.provider.fetch(account, id);

        assertEquals(JobStatus.WAITING, waiting.status());
        assertEquals(StatusReason.EXTERNAL_PENDING, waiting.statusReason());
        assertEquals("Portugal · certified invoice", waiting.name());
    }

    @Test
    void discovery_pages_through_the_workspaces_jobs_newest_first() {
        ProviderAccount account = invopop.newAccount();
        String workflowId = invopop.simulator.workflowIds(account.token()).get(2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, invopop.simulator.createJob(account.token(), workflowId, "INV-" + i));
            invopop.clock.advance(Duration.ofSeconds(1));
        }

        List<VendorJob> found = invopop.provider.discover(account,
                new DiscoveryScope(invopop.clock.instant().minus(Duration.ofDays(1)), Set.of(), 100));

        assertEquals(ids, found.stream().map(VendorJob::externalId).toList());
    }

    @Test
    void unknown_jobs_are_404_bad_creates_are_rejected_and_a_call_without_a_key_is_401() {
        ProviderAccount account = invopop.newAccount();
        assertThrows(VendorNotFound.class, () -> invopop.provider.fetch(account, "0190f3a2-7b1c-7e4d-9a5b-3c2d1e0f9a8b"));
        EnqueueRequest unknownWorkflow = new EnqueueRequest("186522a6-e697-4e34-8498-eee961bcb845",
                Map.of("siloEntryId", "x"));
        VendorRejected rejected = assertThrows(VendorRejected.class, () -> invopop.provider.enqueue(account,
                unknownWorkflow, invopop.provider.preassignExternalId(unknownWorkflow)));
        assertEquals(422, rejected.vendorStatusCode());

        String id = invopop.simulator.createJob(account.token(), invopop.simulator.workflowIds(account.token()).get(0), null);
        VendorRejected unauthorized = assertThrows(VendorRejected.class,
                () -> invopop.provider.fetch(new ProviderAccount(account.connectionId(), " ", null), id));
        assertEquals(401, unauthorized.vendorStatusCode());
    }

    @Test
    void a_clock_ticking_in_microseconds_as_the_apps_does_names_jobs_with_time_based_ids() {
        InvopopSimulator simulator = new InvopopSimulator(java.time.Clock.tick(java.time.Clock.systemUTC(),
                Duration.ofNanos(1000)), new Random(1), InvopopSimulator.Settings.demo(),
                invopop.vendorContext.getBean(JsonMapper.class), new DemoWebhookSender("Simulated Invopop", message -> { }));

        String id = simulator.createJob("t", simulator.workflowIds("t").get(0), "K-1");

        assertEquals(7, java.util.UUID.fromString(id).version(), "a UUIDv7, as PUT /jobs/{id} requires");
    }

    @Test
    void the_same_seed_and_clock_give_the_same_lives_and_memory_stays_bounded() {
        JsonMapper json = invopop.vendorContext.getBean(JsonMapper.class);
        MutableClock clock = new MutableClock(Instant.parse("2026-04-30T08:00:00Z"));
        InvopopSimulator.Settings settings = InvopopSimulator.Settings.demo().withMaxJobsPerAccount(3);
        InvopopSimulator a = new InvopopSimulator(clock, new Random(7), settings, json, new DemoWebhookSender("Simulated Invopop", message -> { }));
        InvopopSimulator b = new InvopopSimulator(clock, new Random(7), settings, json, new DemoWebhookSender("Simulated Invopop", message -> { }));
        List<String> idsA = new ArrayList<>();
        List<String> idsB = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            idsA.add(a.createJob("t", a.workflowIds("t").get(i % 3), "K-" + i));
            idsB.add(b.createJob("t", b.workflowIds("t").get(i % 3), "K-" + i));
        }
        assertEquals(idsA, idsB);
        for (int s = 0; s < 60; s += 3) {
            clock.advance(Duration.ofSeconds(3));
            assertEquals(String.valueOf(a.job("t", idsA.get(4)).body()), String.valueOf(b.job("t", idsB.get(4)).body()));
        }
        assertEquals(404, a.job("t", idsA.get(0)).code(), "the oldest jobs are forgotten");
        assertEquals(404, a.jobByKey("t", "K-0").code(), "with their keys");
        assertEquals(200, a.job("t", idsA.get(2)).code());
    }
}
