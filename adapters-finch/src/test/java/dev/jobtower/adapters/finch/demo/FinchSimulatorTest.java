package dev.jobtower.adapters.finch.demo;

import dev.jobtower.domain.vendor.testing.MutableClock;
import dev.jobtower.domain.vendor.demo.DemoWebhookSender;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Finch adapter against the Finch simulator, over HTTP, on a clock the test moves. */
class FinchSimulatorTest {
    private static final EnqueueRequest DATA_SYNC = new EnqueueRequest("data_sync_all", Map.of());
    private static final String SECRET = Base64.getEncoder().encodeToString("a demo webhook secret, 32 bytes".getBytes());
    /** Longer than any pending plus running time of the demo settings. */
    private static final Duration A_WHOLE_LIFE = Duration.ofSeconds(30);

    private static SimulatedFinch finch;

    @BeforeAll
    static void start() {
        finch = new SimulatedFinch(FinchSimulator.Settings.demo().withOutcomes(Map.of("complete", 1))
                .withQuota(2, Duration.ofMinutes(10)).withBenefitsEvery(null));
    }

    @AfterAll
    static void stop() {
        finch.close();
    }

    @Test
    void a_data_sync_goes_from_pending_through_in_progress_to_complete_and_is_announced_signed() {
        ProviderAccount account = finch.newAccount();
        finch.simulator.registerWebhook(account.token(), finch.webhookUrl(), SECRET);

        EnqueueOutcome created = finch.provider.enqueue(account, DATA_SYNC, Optional.empty());
        assertFalse(created.deduplicated());
        assertEquals(new Quota(2, 1, null), created.quota());
        String id = created.job().externalId();

        VendorJob pending = finch.provider.fetch(account, id);
        assertEquals(JobStatus.QUEUED, pending.status());
        assertEquals("pending", pending.vendorStatus());
        assertEquals("data_sync_all", pending.type());

        finch.clock.advance(Duration.ofSeconds(5)); // past the longest pending time
        VendorJob running = finch.provider.fetch(account, id);
        assertEquals(JobStatus.RUNNING, running.status());
        assertNull(running.completedAt());

        finch.simulator.deliverDueWebhooks();
        assertTrue(finch.webhooks.deliveries.isEmpty(), "nothing to announce while the job runs");

        finch.clock.advance(A_WHOLE_LIFE);
        VendorJob done = finch.provider.fetch(account, id);
        assertEquals(JobStatus.SUCCEEDED, done.status());
        assertEquals("complete", done.vendorStatus());
        assertNotNull(done.completedAt());

        finch.simulator.deliverDueWebhooks();
        await().atMost(Duration.ofSeconds(10)).until(() -> finch.webhooks.deliveries.size() == 1);
        WebhookDelivery delivery = finch.webhooks.deliveries.remove(0);
        WebhookSignal signal = finch.provider.readWebhook(delivery, SECRET, finch.clock.instant());
        assertEquals(WebhookSignal.Disposition.ACTIONABLE, signal.disposition());
        assertEquals("job.data_sync_all.completed", signal.eventType());
        assertEquals(List.of(id), signal.jobsToReread());
        assertEquals(finch.provider.introspect(account).vendorConnectionId(), signal.vendorConnectionId());

        finch.simulator.deliverDueWebhooks();
        assertEquals(0, finch.webhooks.deliveries.size(), "a job is announced once");
    }

    @Test
    void a_second_data_sync_while_one_runs_is_the_same_job_and_a_spent_quota_answers_retry_at() {
        ProviderAccount account = finch.newAccount();
        String first = finch.provider.enqueue(account, DATA_SYNC, Optional.empty()).job().externalId();

        EnqueueOutcome again = finch.provider.enqueue(account, DATA_SYNC, Optional.empty());
        assertTrue(again.deduplicated());
        assertEquals(first, again.job().externalId());
        assertEquals(1, again.quota().remainingRefreshes(), "a 202 uses no refresh");

        finch.clock.advance(A_WHOLE_LIFE);
        finch.provider.enqueue(account, DATA_SYNC, Optional.empty());
        finch.clock.advance(A_WHOLE_LIFE);
        Instant now = finch.clock.instant();
        VendorRateLimited limited = assertThrows(VendorRateLimited.class,
                () -> finch.provider.enqueue(account, DATA_SYNC, Optional.empty()));
        assertEquals(0, limited.quota().remainingRefreshes());
        assertTrue(limited.retryAt().isAfter(now), "retry_at lies ahead: " + limited.retryAt());

        EnqueueOutcome w4 = finch.provider.enqueue(account,
                new EnqueueRequest("w4_form_employee_sync", Map.of("individualId", "8f3e2c8a-2b1d-4d7c-9c3a-0e5b6f7a8b9c")),
                Optional.empty());
        assertFalse(w4.deduplicated(), "W-4 syncs are not counted against the data-sync quota");
        assertEquals(Map.of("individualId", "8f3e2c8a-2b1d-4d7c-9c3a-0e5b6f7a8b9c"),
                finch.provider.fetch(account, w4.job().externalId()).params());
    }

    @Test
    void discovery_lists_the_connections_jobs_newest_first_and_introspect_names_the_connection() {
        ProviderAccount account = finch.newAccount();
        String scheduled = finch.simulator.scheduleDailySync(account.token());
        String w4 = finch.provider.enqueue(account,
                new EnqueueRequest("w4_form_employee_sync", Map.of("individualId", "ind-1")), Optional.empty())
                .job().externalId();

        List<VendorJob> found = finch.provider.discover(account,
                new DiscoveryScope(finch.clock.instant().minus(Duration.ofDays(1)), Set.of(), 100));

        assertEquals(List.of(w4, scheduled), found.stream().map(VendorJob::externalId).toList());
        assertNotNull(found.get(1).scheduledAt(), "Finch's own sync is scheduled");
        assertEquals(FinchSimulator.connectionIdOf(account.token()), finch.provider.introspect(account).vendorConnectionId());
    }

    @Test
    void unknown_jobs_are_404_and_a_call_without_a_token_is_401() {
        ProviderAccount account = finch.newAccount();
        assertThrows(VendorNotFound.class, () -> finch.provider.fetch(account, "5d1c7c3e-9a0b-4f7e-8d6c-1b2a3c4d5e6f"));
        ProviderAccount other = finch.newAccount();
        String id = finch.provider.enqueue(account, DATA_SYNC, Optional.empty()).job().externalId();
        assertThrows(VendorNotFound.class, () -> finch.provider.fetch(other, id), "each token is its own connection");

        VendorRejected rejected = assertThrows(VendorRejected.class,
                () -> finch.provider.fetch(new ProviderAccount(account.connectionId(), " ", null), id));
        assertEquals(401, rejected.vendorStatusCode());
    }

    /** POSTs (or DELETEs) a benefits call to the simulator as Finch's SDK would; its JSON answer. */
    private static Map<String, Object> benefitsCall(String method, String path, String token, String body, int status)
            throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(finch.server.getURL() + "/_demo/finch" + path))
                        .header("Authorization", "Bearer " + token).header("Finch-API-Version", "2020-09-17")
                        .header("Content-Type", "application/json")
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(status, answer.statusCode(), answer.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = finch.vendorContext.getBean(JsonMapper.class).readValue(answer.body(), Map.class);
        return json;
    }

    @Test
    void each_benefits_call_starts_a_manual_job_read_from_the_manual_endpoint_and_announced_with_its_event() throws Exception {
        ProviderAccount account = finch.newAccount();
        finch.simulator.registerWebhook(account.token(), finch.webhookUrl(), SECRET);
        String individual = "8f3e2c8a-2b1d-4d7c-9c3a-0e5b6f7a8b9c";

        Map<String, Object> created = benefitsCall("POST", "/employer/benefits", account.token(),
                "{\"description\":\"401k\",\"type\":\"401k\",\"frequency\":\"every_paycheck\"}", 201);
        String benefit = (String) created.get("benefit_id");
        Map<String, String> jobs = new java.util.LinkedHashMap<>();
        jobs.put("create", (String) created.get("job_id"));
        jobs.put("update", (String) benefitsCall("POST", "/employer/benefits/" + benefit, account.token(),
                "{\"description\":\"401k plan\"}", 200).get("job_id"));
        jobs.put("register", (String) benefitsCall("POST", "/employer/benefits/register", account.token(), "{}", 201).get("job_id"));
        Map<String, Object> enrolled = benefitsCall("POST", "/employer/benefits/" + benefit + "/individuals", account.token(),
                "[{\"individual_id\":\"" + individual + "\"}]", 200);
        assertEquals(Set.of("job_id"), enrolled.keySet(), "enroll answers only the job");
        jobs.put("enroll", (String) enrolled.get("job_id"));
        jobs.put("unenroll", (String) benefitsCall("DELETE", "/employer/benefits/" + benefit + "/individuals", account.token(),
                "{\"individual_ids\":[\"" + individual + "\"]}", 200).get("job_id"));
        benefitsCall("POST", "/employer/benefits/5d1c7c3e-9a0b-4f7e-8d6c-1b2a3c4d5e6f", account.token(), "{}", 404);

        VendorJob pending = finch.provider.track(account, jobs.get("enroll")).jobs().get(0);
        assertEquals("manual", pending.type());
        assertEquals(JobStatus.QUEUED, pending.status());
        assertTrue(finch.provider.discover(account, new DiscoveryScope(Instant.EPOCH, Set.of(), 100)).isEmpty(),
                "manual jobs are not listed");

        finch.clock.advance(A_WHOLE_LIFE);
        finch.simulator.deliverDueWebhooks();
        await().atMost(Duration.ofSeconds(10)).until(() -> finch.webhooks.deliveries.size() == jobs.size());
        Map<String, String> announced = new java.util.HashMap<>();
        for (WebhookDelivery delivery : List.copyOf(finch.webhooks.deliveries)) {
            WebhookSignal signal = finch.provider.readWebhook(delivery, SECRET, finch.clock.instant());
            announced.put(signal.eventType(), signal.jobsToReread().get(0));
            String body = new String(delivery.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(body.contains("\"account_id\"") && !body.contains("entity_id"), "2026 base event: " + body);
        }
        finch.webhooks.deliveries.clear();
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            assertEquals(job.getValue(), announced.get("job.benefit_" + job.getKey() + ".completed"), job.getKey());
            VendorJob done = finch.provider.fetch(account, job.getValue());
            assertEquals("manual", done.type(), job.getKey());
            assertTrue(done.status() == JobStatus.SUCCEEDED || done.status() == JobStatus.FAILED, job.getKey());
        }
    }

    @Test
    void the_404s_are_as_the_2026_document_says() {
        ProviderAccount account = finch.newAccount();
        io.micronaut.http.HttpResponse<?> automated = finch.simulator.job(account.token(), "5d1c7c3e-9a0b-4f7e-8d6c-1b2a3c4d5e6f");
        assertEquals(404, automated.code());
        assertTrue(automated.getBody().isEmpty(), "GET /jobs/automated/{job_id}: 404 with no body");
        io.micronaut.http.HttpResponse<?> manual = finch.simulator.manualJob(account.token(), "5d1c7c3e-9a0b-4f7e-8d6c-1b2a3c4d5e6f");
        assertEquals(404, manual.code());
        assertEquals(new dev.jobtower.adapters.finch.wire.ErrorResponse(null, null, 404, "not_found_error",
                "could not find job with id '5d1c7c3e-9a0b-4f7e-8d6c-1b2a3c4d5e6f'", "item_not_found"), manual.getBody().orElseThrow());
    }

    @Test
    void a_connection_with_a_webhook_makes_benefits_calls_by_itself_and_announces_their_manual_jobs() {
        try (SimulatedFinch busy = new SimulatedFinch(FinchSimulator.Settings.demo().withBenefitsEvery(Duration.ofSeconds(40)))) {
            ProviderAccount account = busy.newAccount();
            busy.simulator.registerWebhook(account.token(), busy.webhookUrl(), SECRET);
            busy.simulator.deliverDueWebhooks(); // the first call is due 40 s from here
            busy.clock.advance(Duration.ofSeconds(40));
            busy.simulator.deliverDueWebhooks(); // makes the call
            busy.clock.advance(A_WHOLE_LIFE);
            busy.simulator.deliverDueWebhooks(); // its job is done: announced

            await().atMost(Duration.ofSeconds(10)).until(() -> !busy.webhooks.deliveries.isEmpty());
            WebhookSignal signal = busy.provider.readWebhook(busy.webhooks.deliveries.get(0), SECRET, busy.clock.instant());
            assertEquals("job.benefit_create.completed", signal.eventType(), "a connection's first benefits call makes a benefit");
            VendorJob job = busy.provider.fetch(account, signal.jobsToReread().get(0));
            assertEquals("manual", job.type());
        }
    }

    @Test
    void failures_end_with_their_reasons() {
        try (SimulatedFinch failing = new SimulatedFinch(FinchSimulator.Settings.demo()
                .withOutcomes(Map.of("reauth_error", 1)))) {
            ProviderAccount account = failing.newAccount();
            String id = failing.provider.enqueue(account, DATA_SYNC, Optional.empty()).job().externalId();
            failing.clock.advance(A_WHOLE_LIFE);

            VendorJob job = failing.provider.fetch(account, id);

            assertEquals(JobStatus.FAILED, job.status());
            assertEquals(StatusReason.AUTH_ERROR, job.statusReason());
        }
    }

    @Test
    void the_same_seed_and_clock_give_the_same_lives_and_memory_stays_bounded() {
        JsonMapper json = finch.vendorContext.getBean(JsonMapper.class);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        FinchSimulator.Settings settings = FinchSimulator.Settings.demo().withMaxJobsPerAccount(3);
        FinchSimulator a = new FinchSimulator(clock, new Random(7), settings, json, new DemoWebhookSender("Simulated Finch", message -> { }));
        FinchSimulator b = new FinchSimulator(clock, new Random(7), settings, json, new DemoWebhookSender("Simulated Finch", message -> { }));
        List<String> idsA = new java.util.ArrayList<>();
        List<String> idsB = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            idsA.add(a.scheduleDailySync("t"));
            idsB.add(b.scheduleDailySync("t"));
        }
        assertEquals(idsA, idsB);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(String.valueOf(a.job("t", idsA.get(4)).body()), String.valueOf(b.job("t", idsB.get(4)).body()));

        assertEquals(404, a.job("t", idsA.get(0)).code(), "the oldest jobs are forgotten");
        assertEquals(200, a.job("t", idsA.get(2)).code());
    }
    /** A client-chosen {@code Host} header must not end up in the {@code job_url}s the simulator hands out. */
    @Test
    void job_urls_come_from_the_servers_address_not_from_a_requests_host_header() throws Exception {
        String token = "finch-token-" + java.util.UUID.randomUUID();
        String body = "{\"type\":\"data_sync_all\"}";
        String answer;
        try (java.net.Socket socket = new java.net.Socket(finch.server.getHost(), finch.server.getPort())) {
            socket.getOutputStream().write(("POST /_demo/finch/jobs/automated HTTP/1.1\r\nHost: evil.example\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        assertTrue(answer.startsWith("HTTP/1.1 20"), answer);
        assertFalse(answer.contains("evil.example"), answer);
        assertTrue(answer.contains("\"job_url\":\"" + finch.server.getURL() + "/_demo/finch/jobs/automated/"), answer);
        String later = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(finch.server.getURL() + "/_demo/finch/jobs/automated"))
                        .header("Authorization", "Bearer " + token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(later.contains(finch.server.getURL() + "/_demo/finch/jobs/automated/"), later);
        assertFalse(later.contains("evil.example"), "later answers are not poisoned either: " + later);
    }
}
