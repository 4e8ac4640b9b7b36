package dev.jobtower.app.notifications;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.MovableClock;
import dev.jobtower.app.support.TestTls;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery as a receiver sees it: every message checked with the Standard Webhooks library, retries on
 * the schedule with one webhook-id, Retry-After, 410, rotation, filters. The worker loop is off: each
 * test runs delivery rounds itself and moves the clock, so nothing waits on real time.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDeliveryTest extends JobtowerTest {
    static final Receiver RECEIVER = new Receiver();

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Inject
    WebhookDispatcher dispatcher;
    @Inject
    MovableClock clock;
    @Inject
    dev.jobtower.app.db.Database database;

    NotificationsFixture fx;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.webhooks.allow-private", "true",
                "jobtower.notifications.worker.enabled", "false",
                "jobtower.notifications.trust-store", TestTls.truststore().toString(),
                "jobtower.notifications.trust-store-password", TestTls.PASSWORD,
                "test.movable-clock", "true");
    }

    @BeforeAll
    void setUp() {
        fx = new NotificationsFixture(new Api(server.getURL().toString()), json, store);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @org.junit.jupiter.api.BeforeEach
    void resetClock() {
        // so that attempts spread over 5 min stay within a receiver's 5 min timestamp tolerance
        clock.set(java.time.Instant.now().minusSeconds(150));
    }

    /** Runs one delivery round to the end; returns how many messages it claimed. */
    int round() {
        WebhookDispatcher.Round r = dispatcher.deliverDue();
        r.done().join();
        return r.claimed();
    }

    JsonNode messages(String endpoint) {
        Api.Response r = fx.api.get("/api/v1/webhook-endpoints/" + endpoint + "/messages", fx.key);
        assertEquals(200, r.status(), r.body());
        return fx.tree(r.body()).get("items");
    }

    @Test
    void a_receiver_answering_500_500_200_gets_three_signed_attempts_with_one_webhook_id() throws Exception {
        String path = "/flaky";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("boom")).willSetStateTo("second"));
        RECEIVER.server.stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("third"));
        RECEIVER.server.stubFor(post(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(200)));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), "\"filter\":{\"type\":[\"flaky_sync\"]}");
        // the job's first sight and its one status change; only the type the filter names
        Job job = fx.store.record(new dev.jobtower.domain.job.TenantId(fx.tenant), new dev.jobtower.domain.job.ConnectionId(fx.connection),
                dev.jobtower.domain.job.Provider.of("finch"), dev.jobtower.domain.job.VendorJob.builder("flaky-1").type("flaky_sync")
                        .status(JobStatus.RUNNING).vendorStatus("in_progress").build(), dev.jobtower.domain.job.Source.POLL,
                java.time.Instant.now(), true).job();

        round();
        assertEquals(1, RECEIVER.requests(path).size());
        round();
        assertEquals(1, RECEIVER.requests(path).size(), "not due again before 5 s");
        clock.advance(Duration.ofSeconds(6));
        round();
        assertEquals(2, RECEIVER.requests(path).size());
        clock.advance(Duration.ofSeconds(30));
        round();
        assertEquals(2, RECEIVER.requests(path).size(), "the second retry waits 5 minutes");
        clock.advance(Duration.ofMinutes(6));
        round();

        List<LoggedRequest> requests = RECEIVER.requests(path);
        assertEquals(3, requests.size());
        String id = requests.get(0).getHeader("webhook-id");
        for (LoggedRequest r : requests) {
            assertEquals(id, r.getHeader("webhook-id"));
            assertEquals("application/json", r.getHeader("Content-Type"));
            assertEquals(requests.get(0).getBodyAsString(), r.getBodyAsString(), "the same body on every attempt");
        }
        // verified as a receiver would: the library checks signature and timestamp (now, real time)
        Receiver.verify(requests.get(0), endpoint.secret());
        JsonNode body = fx.tree(requests.get(0).getBodyAsString());
        assertEquals("job.status_changed", body.get("type").getStringValue());
        assertEquals(job.id().value().toString(), body.get("data").get("job").get("id").getStringValue());
        assertEquals("RUNNING", body.get("data").get("job").get("status").getStringValue());
        assertTrue(body.get("data").get("sequence").getLongValue() > 0);
        assertTrue(body.get("data").get("previous").get("status").isNull(), "first sight: no previous status");

        JsonNode log = messages(endpoint.id());
        assertEquals(1, log.size());
        JsonNode message = log.get(0);
        assertEquals(id, message.get("id").getStringValue());
        assertEquals("succeeded", message.get("status").getStringValue());
        assertEquals(job.id().value().toString(), message.get("jobId").getStringValue());
        JsonNode attempts = message.get("attempts");
        assertEquals(3, attempts.size());
        assertEquals(500, attempts.get(0).get("responseStatus").getIntValue());
        assertEquals("HTTP 500: boom", attempts.get(0).get("error").getStringValue());
        assertEquals(500, attempts.get(1).get("responseStatus").getIntValue());
        assertEquals(200, attempts.get(2).get("responseStatus").getIntValue());
        assertTrue(attempts.get(2).get("error").isNull());
        assertTrue(message.get("nextAttemptAt").isNull());
    }

    @Test
    void each_status_change_is_one_message_and_an_unchanged_read_none() throws Exception {
        String path = "/changes";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), "\"filter\":{\"type\":[\"changes\"]}");
        String ext = "changes-" + UUID.randomUUID();
        change(ext, "changes", JobStatus.RUNNING, null);
        change(ext, "changes", JobStatus.RUNNING, null); // nothing new
        change(ext, "changes", JobStatus.FAILED, StatusReason.AUTH_ERROR);
        round();
        List<LoggedRequest> requests = RECEIVER.requests(path);
        assertEquals(2, requests.size());
        for (LoggedRequest r : requests) {
            Receiver.verify(r, endpoint.secret());
        }
        JsonNode last = requests.stream().map(r -> fx.tree(r.getBodyAsString()))
                .filter(b -> b.get("data").get("job").get("status").getStringValue().equals("FAILED")).findFirst().orElseThrow();
        assertEquals("AUTH_ERROR", last.get("data").get("job").get("statusReason").getStringValue());
        assertEquals("RUNNING", last.get("data").get("previous").get("status").getStringValue());
        assertTrue(last.get("data").get("previous").get("statusReason").isNull());
    }

    @Test
    void a_filter_on_status_sends_only_matching_changes() {
        String path = "/failed-only";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        fx.endpoint(RECEIVER.url(path), "\"events\":[\"job.status_changed\"],\"filter\":{\"status\":[\"FAILED\"],\"type\":[\"only\"],"
                + "\"provider\":[\"finch\"],\"connectionId\":[\"" + fx.connection + "\"]}");
        String ext = "only-" + UUID.randomUUID();
        change(ext, "only", JobStatus.RUNNING, null);
        change(ext, "only", JobStatus.FAILED, StatusReason.VENDOR_ERROR);
        round();
        List<LoggedRequest> requests = RECEIVER.requests(path);
        assertEquals(1, requests.size());
        assertEquals("FAILED", fx.tree(requests.get(0).getBodyAsString()).get("data").get("job").get("status").getStringValue());
    }

    @Test
    void a_429_with_retry_after_7_is_not_tried_again_before_7_seconds() throws Exception {
        String path = "/busy";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("ok"));
        RECEIVER.server.stubFor(post(urlEqualTo(path)).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200)));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), "\"filter\":{\"type\":[\"busy\"]}");
        change("busy-1", "busy", JobStatus.RUNNING, null);
        round();
        assertEquals(1, RECEIVER.requests(path).size());
        clock.advance(Duration.ofMillis(6_900)); // past the 5-6 s of the schedule, not yet the 7 s asked for
        round();
        assertEquals(1, RECEIVER.requests(path).size());
        clock.advance(Duration.ofMillis(100));
        round();
        assertEquals(2, RECEIVER.requests(path).size());
        Receiver.verify(RECEIVER.requests(path).get(0), endpoint.secret());
        JsonNode attempts = messages(endpoint.id()).get(0).get("attempts");
        assertEquals(429, attempts.get(0).get("responseStatus").getIntValue());
        assertEquals(200, attempts.get(1).get("responseStatus").getIntValue());
    }

    @Test
    void a_410_disables_the_endpoint() {
        String path = "/gone";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(410)));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), "\"filter\":{\"type\":[\"gone\"]}");
        change("gone-1", "gone", JobStatus.RUNNING, null);
        round();
        JsonNode view = fx.tree(fx.api.get("/api/v1/webhook-endpoints/" + endpoint.id(), fx.key).body());
        assertFalse(view.get("enabled").getBooleanValue());
        assertEquals("gone", view.get("disabledReason").getStringValue());
        assertEquals("failed", messages(endpoint.id()).get(0).get("status").getStringValue());
        // no more messages for a disabled endpoint
        change("gone-1", "gone", JobStatus.SUCCEEDED, null);
        assertEquals(1, messages(endpoint.id()).size());
        // enabled again: the failed message is recovered and delivered
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        Api.Response patched = fx.api.send("PATCH", "/api/v1/webhook-endpoints/" + endpoint.id(), fx.key, "{\"enabled\":true}",
                Map.of("Content-Type", "application/json"));
        assertEquals(200, patched.status(), patched.body());
        assertTrue(fx.tree(patched.body()).get("disabledReason").isNull());
        Api.Response recovered = fx.api.post("/api/v1/webhook-endpoints/" + endpoint.id() + "/recover", fx.key,
                "{\"since\":\"2020-01-01T00:00:00Z\"}");
        assertEquals(202, recovered.status(), recovered.body());
        assertEquals(1, fx.tree(recovered.body()).get("messages").getIntValue());
        round();
        assertEquals("succeeded", messages(endpoint.id()).get(0).get("status").getStringValue());
    }

    @Test
    void after_a_rotation_messages_carry_the_new_and_the_old_signature_for_24_hours() throws Exception {
        String path = "/rotated";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), "\"filter\":{\"type\":[\"rotated\"]}");
        Api.Response rotated = fx.api.post("/api/v1/webhook-endpoints/" + endpoint.id() + "/rotate-secret", fx.key, null);
        assertEquals(200, rotated.status(), rotated.body());
        String fresh = fx.tree(rotated.body()).get("secret").getStringValue();
        assertTrue(fresh.startsWith("whsec_") && !fresh.equals(endpoint.secret()));
        change("rot-1", "rotated", JobStatus.RUNNING, null);
        round();
        LoggedRequest first = RECEIVER.requests(path).get(0);
        assertEquals(2, first.getHeader("webhook-signature").split(" ").length);
        Receiver.verify(first, fresh);
        Receiver.verify(first, endpoint.secret());
        assertTrue(Receiver.signedBy(first, endpoint.secret()));
        // after the overlap only the new secret signs
        Api.Response resent = fx.api.post("/api/v1/webhook-endpoints/" + endpoint.id() + "/messages/"
                + first.getHeader("webhook-id") + "/resend", fx.key, null);
        assertEquals(202, resent.status(), resent.body());
        clock.advance(Duration.ofHours(25));
        round();
        LoggedRequest second = RECEIVER.requests(path).get(1);
        assertEquals(1, second.getHeader("webhook-signature").split(" ").length);
        assertEquals(first.getHeader("webhook-id"), second.getHeader("webhook-id"));
        assertTrue(Receiver.signedBy(second, fresh));
        assertFalse(Receiver.signedBy(second, endpoint.secret()));
    }

    @Test
    void a_redirect_is_not_followed() {
        String path = "/redirect";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(307)
                .withHeader("Location", RECEIVER.url("/redirect-target"))));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), "\"filter\":{\"type\":[\"redirect\"]}");
        change("redirect-1", "redirect", JobStatus.RUNNING, null);
        round();
        assertEquals(1, RECEIVER.requests(path).size());
        assertEquals(0, RECEIVER.requests("/redirect-target").size());
        JsonNode message = messages(endpoint.id()).get(0);
        assertEquals("pending", message.get("status").getStringValue());
        assertEquals(307, message.get("attempts").get(0).get("responseStatus").getIntValue());
    }

    @Test
    void the_test_endpoint_sends_a_signed_webhook_test_message_and_answers_what_the_receiver_said() throws Exception {
        String path = "/test-call";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(202)));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), null);
        Api.Response r = fx.api.post("/api/v1/webhook-endpoints/" + endpoint.id() + "/test", fx.key, null);
        assertEquals(200, r.status(), r.body());
        JsonNode answer = fx.tree(r.body());
        assertEquals(202, answer.get("responseStatus").getIntValue());
        assertTrue(answer.get("error").isNull());
        assertTrue(answer.get("durationMs").getLongValue() >= 0);
        LoggedRequest request = RECEIVER.requests(path).get(0);
        Receiver.verify(request, endpoint.secret());
        assertEquals("webhook.test", fx.tree(request.getBodyAsString()).get("type").getStringValue());
    }

    @Test
    void a_slow_endpoint_never_delays_another() {
        RECEIVER.server.stubFor(post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
        RECEIVER.server.stubFor(post(urlEqualTo("/fast")).willReturn(aResponse().withStatus(200)));
        NotificationsFixture.Endpoint slow = fx.endpoint(RECEIVER.url("/slow"), "\"filter\":{\"type\":[\"slow\"]}");
        NotificationsFixture.Endpoint fast = fx.endpoint(RECEIVER.url("/fast"), "\"filter\":{\"type\":[\"fast\"]}");
        for (int i = 0; i < 12; i++) {
            change("slow-" + i, "slow", JobStatus.RUNNING, null);
        }
        WebhookDispatcher.Round busy = dispatcher.deliverDue(); // the slow endpoint's 8 slots are taken
        change("fast-1", "fast", JobStatus.RUNNING, null);
        long started = System.nanoTime();
        dispatcher.deliverDue().done().join();
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(1, RECEIVER.requests("/fast").size());
        assertFalse(busy.done().isDone(), "the slow endpoint's attempts are still in flight");
        assertTrue(ms < 4_000, "the fast endpoint waited " + ms + " ms");
        assertEquals("succeeded", messages(fast.id()).get(0).get("status").getStringValue());
        busy.done().join();
        JsonNode slowLog = messages(slow.id());
        assertEquals(12, slowLog.size());
        long delivered = 0;
        for (JsonNode m : slowLog.values()) {
            delivered += m.get("status").getStringValue().equals("succeeded") ? 1 : 0;
        }
        assertEquals(8, delivered, "at most the per-endpoint concurrency at once");
        assertEquals(204, fx.api.send("DELETE", "/api/v1/webhook-endpoints/" + slow.id(), fx.key, null, Map.of()).status());
    }

    @Test
    void an_endpoint_failing_for_five_days_is_disabled_and_its_circuit_opens_after_five_failures() {
        String path = "/down";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(503)));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), "\"filter\":{\"type\":[\"down\"]}");
        for (int i = 0; i < 5; i++) {
            change("down-" + i, "down", JobStatus.RUNNING, null);
        }
        round();
        assertEquals(5, RECEIVER.requests(path).size());
        // five failures in a row: the circuit is open for a minute, although the retries are due after 5 s
        clock.advance(Duration.ofSeconds(10));
        round();
        assertEquals(5, RECEIVER.requests(path).size());
        clock.advance(Duration.ofSeconds(55));
        round();
        assertEquals(10, RECEIVER.requests(path).size());
        // still failing after four days: enabled; after five: disabled as failing
        clock.advance(Duration.ofDays(4));
        change("down-0", "down", JobStatus.SUCCEEDED, null);
        round();
        JsonNode view = fx.tree(fx.api.get("/api/v1/webhook-endpoints/" + endpoint.id(), fx.key).body());
        assertTrue(view.get("enabled").getBooleanValue());
        clock.advance(Duration.ofDays(1));
        change("down-1", "down", JobStatus.SUCCEEDED, null);
        round();
        view = fx.tree(fx.api.get("/api/v1/webhook-endpoints/" + endpoint.id(), fx.key).body());
        assertFalse(view.get("enabled").getBooleanValue());
        assertEquals("failing", view.get("disabledReason").getStringValue());
    }

    @Test
    void the_message_log_pages_newest_first_and_filters_by_status() {
        String path = "/log";
        RECEIVER.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url(path), "\"filter\":{\"type\":[\"log\"]}");
        for (int i = 0; i < 3; i++) {
            change("log-" + i, "log", JobStatus.RUNNING, null);
            clock.advance(Duration.ofMillis(10));
        }
        String base = "/api/v1/webhook-endpoints/" + endpoint.id() + "/messages";
        assertEquals(3, fx.tree(fx.api.get(base + "?status=pending", fx.key).body()).get("items").size());
        round();
        assertEquals(0, fx.tree(fx.api.get(base + "?status=pending", fx.key).body()).get("items").size());
        JsonNode page1 = fx.tree(fx.api.get(base + "?status=succeeded&limit=2", fx.key).body());
        assertEquals(2, page1.get("items").size());
        String cursor = page1.get("nextCursor").getStringValue();
        JsonNode page2 = fx.tree(fx.api.get(base + "?status=succeeded&limit=2&cursor=" + cursor, fx.key).body());
        assertEquals(1, page2.get("items").size());
        assertTrue(page2.get("nextCursor").isNull());
        java.util.Set<String> ids = new java.util.HashSet<>();
        page1.get("items").values().forEach(m -> ids.add(m.get("id").getStringValue()));
        page2.get("items").values().forEach(m -> ids.add(m.get("id").getStringValue()));
        assertEquals(3, ids.size());
        assertTrue(page1.get("items").get(0).get("createdAt").getStringValue()
                .compareTo(page1.get("items").get(1).get("createdAt").getStringValue()) > 0, "newest first");
        assertEquals(400, fx.api.get(base + "?status=failed&cursor=" + cursor, fx.key).status(), "a cursor is bound to its filter");
    }

    @Test
    void a_job_change_that_rolls_back_leaves_no_message_and_one_that_commits_leaves_one() {
        RECEIVER.server.stubFor(post(urlEqualTo("/rollback")).willReturn(aResponse().withStatus(200)));
        NotificationsFixture.Endpoint endpoint = fx.endpoint(RECEIVER.url("/rollback"), "\"filter\":{\"type\":[\"rollback\"]}");
        // the store's write joins the caller's transaction: when that fails, the change and its message go together
        assertThrows(IllegalStateException.class, () -> database.write(c -> {
            change("rollback-1", "rollback", JobStatus.RUNNING, null);
            throw new IllegalStateException("the transaction fails after the job change");
        }));
        assertEquals(0, messages(endpoint.id()).size());
        assertEquals(0, fx.tree(fx.api.get("/api/v1/jobs?externalId=rollback-1", fx.key).body()).get("items").size());
        change("rollback-1", "rollback", JobStatus.RUNNING, null);
        assertEquals(1, messages(endpoint.id()).size());
    }

    @Test
    void metrics_count_attempts_without_ids_in_labels() {
        RECEIVER.server.stubFor(post(urlEqualTo("/metrics-hook")).willReturn(aResponse().withStatus(200)));
        fx.endpoint(RECEIVER.url("/metrics-hook"), "\"filter\":{\"type\":[\"metrics\"]}");
        change("metrics-1", "metrics", JobStatus.RUNNING, null);
        round();
        Api.Response metrics = fx.api.get("/metrics", null);
        assertEquals(200, metrics.status());
        List<String> lines = metrics.body().lines().filter(l -> l.startsWith("jobtower_notifications")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("jobtower_notifications_attempts_total{outcome=\"success\"")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("jobtower_notifications_latency_seconds")), lines.toString());
        for (String line : lines) {
            assertFalse(line.matches(".*[0-9a-f]{8}-[0-9a-f]{4}-.*"), "an id in a label: " + line);
        }
    }

    private void change(String externalId, String type, JobStatus status, StatusReason reason) {
        fx.store.record(new dev.jobtower.domain.job.TenantId(fx.tenant), new dev.jobtower.domain.job.ConnectionId(fx.connection),
                dev.jobtower.domain.job.Provider.of("finch"), dev.jobtower.domain.job.VendorJob.builder(externalId).type(type)
                        .status(status).statusReason(reason).vendorStatus(status.name().toLowerCase()).build(),
                dev.jobtower.domain.job.Source.POLL, java.time.Instant.now(), true);
    }
}
