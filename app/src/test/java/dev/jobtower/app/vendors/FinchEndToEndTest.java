package dev.jobtower.app.vendors;

import dev.jobtower.app.support.TestJson;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.jobtower.adapters.finch.FinchWebhooks;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.webhooks.WebhookProcessor;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finch end to end, through HTTP: connection → enqueue (201) → QUEUED in the list → the vendor turns
 * complete → signed webhook → SUCCEEDED with history QUEUED → SUCCEEDED; replays, forgeries, stale
 * timestamps, routing by the payload's connection_id, and the enqueue answers of API.md.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FinchEndToEndTest extends JobtowerTest {
    static final WireMockServer FINCH = new WireMockServer(options().dynamicPort());

    static {
        FINCH.start();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    WebhookProcessor inbox;

    Api api;
    String key;
    final String secret = Base64.getEncoder().encodeToString(("finch webhook secret " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.finch.base-url", FINCH.baseUrl(), "jobtower.finch.read-timeout", "1s",
                "jobtower.finch.resilience.timeout", "4s", "jobtower.webhooks.async", "false",
                "jobtower.finch.resilience.retry.initial-backoff", "10ms");
    }

    @AfterAll
    void stopVendor() {
        FINCH.stop();
    }

    @BeforeAll
    void tenant() {
        api = new Api(server.getURL().toString());
        Api.Response t = api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"finch-e2e\"}");
        key = tree(t.body()).get("apiKey").getStringValue();
    }

    @BeforeEach
    void resetVendor() {
        FINCH.resetAll();
        for (String token : List.of("tok-a", "tok-b", "tok-c")) {
            FINCH.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer " + token))
                    .willReturn(okJson("{\"connection_id\":\"conn-" + token + "\",\"client_type\":\"production\"}")));
        }
    }

    JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }

    String connect(String token) {
        Api.Response r = api.post("/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"" + token
                + "\",\"credentials\":{\"token\":\"" + token + "\"},\"webhookSecret\":\"" + secret + "\"}");
        assertEquals(201, r.status(), r.body());
        String id = tree(r.body()).get("id").getStringValue();
        // GET /introspect runs in the background when a connection is made
        await().atMost(Duration.ofSeconds(10)).until(() ->
                tree(api.get("/api/v1/connections/" + id, key).body()).get("vendorConnectionId").isString());
        return id;
    }

    static String automatedJob(String id, String status) {
        return "{\"job_id\":\"" + id + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + id + "\","
                + "\"type\":\"data_sync_all\",\"status\":\"" + status + "\",\"created_at\":\"2026-03-02T09:14:05Z\","
                + "\"scheduled_at\":null,\"started_at\":\"2026-03-02T09:14:06Z\",\"completed_at\":"
                + ("complete".equals(status) ? "\"2026-03-02T09:20:00Z\"" : "null") + ",\"params\":null}";
    }

    Api.Response webhook(String connectionId, String eventId, long timestamp, String vendorConnectionId, String jobId, String signSecret) {
        String body = "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\",\"connection_id\":\"" + vendorConnectionId
                + "\",\"entity_id\":null,\"event_type\":\"job.data_sync_all.completed\",\"data\":{\"job_id\":\"" + jobId
                + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + jobId + "\"}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = FinchWebhooks.VERIFIER.sign(eventId, timestamp, bytes, signSecret);
        return api.send("POST", "/webhooks/finch/" + connectionId, null, body, Map.of("Content-Type", "application/json",
                FinchWebhooks.EVENT_ID_HEADER, eventId, FinchWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp),
                FinchWebhooks.SIGNATURE_HEADER, signature));
    }

    List<String> history(String jobId) {
        List<String> rows = new ArrayList<>();
        tree(api.get("/api/v1/jobs/" + jobId + "/history", key).body()).get("items").values()
                .forEach(h -> rows.add(h.get("status").getStringValue() + "/" + h.get("source").getStringValue()));
        return rows;
    }

    @Test
    void enqueue_then_webhook_moves_the_job_to_succeeded() {
        String connection = connect("tok-a");
        String vendorJob = UUID.randomUUID().toString();
        FINCH.stubFor(post("/jobs/automated").withHeader("Finch-API-Version", equalTo("2020-09-17"))
                .withHeader("Authorization", equalTo("Bearer tok-a"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(
                        "{\"job_id\":\"" + vendorJob + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + vendorJob
                                + "\",\"allowed_refreshes\":2,\"remaining_refreshes\":1}")));
        Api.Response created = api.post("/api/v1/jobs", key, "{\"connectionId\":\"" + connection + "\",\"type\":\"data_sync_all\"}");
        assertEquals(201, created.status(), created.body());
        JsonNode job = tree(created.body());
        String id = job.get("id").getStringValue();
        assertEquals("QUEUED", job.get("status").getStringValue());
        assertTrue(job.get("vendorStatus").isNull());
        assertEquals(vendorJob, job.get("externalId").getStringValue());
        JsonNode quota = tree(api.get("/api/v1/connections/" + connection, key).body()).get("quota");
        assertEquals(1, quota.get("remainingRefreshes").getIntValue());

        JsonNode listed = tree(api.get("/api/v1/jobs?provider=finch&externalId=" + vendorJob, key).body()).get("items").get(0);
        assertEquals("QUEUED", listed.get("status").getStringValue());

        FINCH.stubFor(WireMock.get("/jobs/automated/" + vendorJob).willReturn(okJson(automatedJob(vendorJob, "complete"))));
        long now = Instant.now().getEpochSecond();
        Api.Response delivered = webhook(connection, "msg_" + UUID.randomUUID(), now, "conn-tok-a", vendorJob, secret);
        assertEquals(200, delivered.status(), delivered.body());
        assertEquals("", delivered.body());
        inbox.drainOnce();

        JsonNode after = tree(api.get("/api/v1/jobs/" + id, key).body());
        assertEquals("SUCCEEDED", after.get("status").getStringValue());
        assertEquals("complete", after.get("vendorStatus").getStringValue());
        assertEquals("automated", after.get("attributes").get("kind").getStringValue());
        assertEquals(List.of("QUEUED/create", "SUCCEEDED/webhook"), history(id));
    }

    @Test
    void a_replayed_webhook_changes_nothing_and_forgeries_are_401_and_stored_nowhere() {
        String connection = connect("tok-a");
        String vendorJob = UUID.randomUUID().toString();
        FINCH.stubFor(WireMock.get("/jobs/automated/" + vendorJob).willReturn(okJson(automatedJob(vendorJob, "in_progress"))));
        Api.Response tracked = api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + connection + "\",\"externalId\":\"" + vendorJob + "\"}");
        assertEquals(201, tracked.status(), tracked.body());
        String id = tree(tracked.body()).get("id").getStringValue();
        assertEquals(200, api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + connection + "\",\"externalId\":\"" + vendorJob + "\"}").status(),
                "already tracked");

        FINCH.stubFor(WireMock.get("/jobs/automated/" + vendorJob).willReturn(okJson(automatedJob(vendorJob, "complete"))));
        long now = Instant.now().getEpochSecond();
        String eventId = "msg_" + UUID.randomUUID();
        assertEquals(200, webhook(connection, eventId, now, "conn-tok-a", vendorJob, secret).status());
        inbox.drainOnce();
        assertEquals(List.of("RUNNING/track", "SUCCEEDED/webhook"), history(id));

        // the vendor moves on, then replays the old event: the inbox knows it, nothing is re-read
        FINCH.stubFor(WireMock.get("/jobs/automated/" + vendorJob).willReturn(okJson(automatedJob(vendorJob, "error"))));
        assertEquals(200, webhook(connection, eventId, now, "conn-tok-a", vendorJob, secret).status());
        assertEquals(0, inbox.drainOnce());
        assertEquals(List.of("RUNNING/track", "SUCCEEDED/webhook"), history(id));

        String other = Base64.getEncoder().encodeToString("not the secret".getBytes(StandardCharsets.UTF_8));
        Api.Response forged = webhook(connection, "msg_" + UUID.randomUUID(), now, "conn-tok-a", vendorJob, other);
        assertEquals(401, forged.status());
        assertTrue(forged.contentType().startsWith("application/problem+json"));
        Api.Response stale = webhook(connection, "msg_" + UUID.randomUUID(), now - 6 * 60, "conn-tok-a", vendorJob, secret);
        assertEquals(401, stale.status());
        assertEquals(401, webhook(UUID.randomUUID().toString(), "msg_x", now, "conn-tok-a", vendorJob, secret).status(),
                "unknown connection");
        assertEquals(0, inbox.drainOnce(), "nothing was stored for the rejected deliveries");
        assertEquals(List.of("RUNNING/track", "SUCCEEDED/webhook"), history(id));
    }

    @Test
    void a_timestamp_beyond_any_date_answers_401_not_500() {
        FINCH.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer tok-ts"))
                .willReturn(okJson("{\"connection_id\":\"conn-tok-ts\",\"client_type\":\"production\"}")));
        String connection = connect("tok-ts");
        String vendorJob = UUID.randomUUID().toString();
        for (long ts : new long[] {99999999999999999L, -99999999999999999L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            Api.Response answer = webhook(connection, "msg_" + UUID.randomUUID(), ts, "conn-tok-ts", vendorJob, secret);
            assertEquals(401, answer.status(), ts + ": " + answer.body());
            assertTrue(answer.contentType().startsWith("application/problem+json"));
        }
        assertEquals(0, inbox.drainOnce(), "nothing was stored");
    }

    @Test
    void an_event_for_another_finch_connection_of_the_tenant_updates_that_connections_job() {
        String first = connect("tok-b");
        String second = connect("tok-c");
        String vendorJob = UUID.randomUUID().toString();
        FINCH.stubFor(WireMock.get("/jobs/automated/" + vendorJob).withHeader("Authorization", equalTo("Bearer tok-c"))
                .willReturn(okJson(automatedJob(vendorJob, "pending"))));
        String id = tree(api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + second + "\",\"externalId\":\"" + vendorJob + "\"}").body())
                .get("id").getStringValue();
        FINCH.stubFor(WireMock.get("/jobs/automated/" + vendorJob).withHeader("Authorization", equalTo("Bearer tok-c"))
                .willReturn(okJson(automatedJob(vendorJob, "complete"))));
        // Finch posts every event of the application to one URL: here, the first connection's
        assertEquals(200, webhook(first, "msg_" + UUID.randomUUID(), Instant.now().getEpochSecond(), "conn-tok-c", vendorJob, secret).status());
        inbox.drainOnce();
        JsonNode job = tree(api.get("/api/v1/jobs/" + id, key).body());
        assertEquals("SUCCEEDED", job.get("status").getStringValue());
        assertEquals(second, job.get("connectionId").getStringValue());
        assertEquals(1, tree(api.get("/api/v1/jobs?externalId=" + vendorJob, key).body()).get("items").size(),
                "no copy was made on the first connection");
    }

    Api.Response signedWebhook(String connectionId, String body) {
        String eventId = "msg_" + UUID.randomUUID();
        long timestamp = Instant.now().getEpochSecond();
        String signature = FinchWebhooks.VERIFIER.sign(eventId, timestamp, body.getBytes(StandardCharsets.UTF_8), secret);
        return api.send("POST", "/webhooks/finch/" + connectionId, null, body, Map.of("Content-Type", "application/json",
                FinchWebhooks.EVENT_ID_HEADER, eventId, FinchWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp),
                FinchWebhooks.SIGNATURE_HEADER, signature));
    }

    static String manualJob(String id, String status) {
        return "{\"job_id\":\"" + id + "\",\"status\":\"" + status + "\",\"body\":" + ("complete".equals(status)
                ? "[{\"individual_id\":\"430f9d95-1dcf-4b99-b616-45f814416890\",\"code\":201,\"message\":\"enrolled\"},"
                + "{\"individual_id\":\"4a0a3b15-d3d6-41c2-a4a4-ca4ed1b68cf8\",\"code\":404,\"message\":\"individual not found\"}]"
                : "null") + "}";
    }

    /** A 2026 benefits event (BaseWebhookEvent: company_id and account_id required, connection_id and entity_id optional). */
    static String benefitsEvent(String call, String vendorConnectionId, String jobId) {
        return "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\",\"account_id\":\"2c7d4a5e-0f61-4b8e-9f07-0d1f2e3a4b5c\","
                + (vendorConnectionId == null ? "" : "\"connection_id\":\"" + vendorConnectionId + "\",")
                + "\"entity_id\":\"5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e\",\"event_type\":\"job.benefit_" + call + ".completed\","
                + "\"data\":{\"job_id\":\"" + jobId + "\",\"job_url\":\"https://api.tryfinch.com/jobs/manual/" + jobId + "\"}}";
    }

    @Test
    void a_benefits_webhook_for_a_job_never_seen_starts_following_that_manual_job() {
        // a Finch account of its own: every other test's tok-a connection would follow the job too
        FINCH.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer tok-manual"))
                .willReturn(okJson("{\"connection_id\":\"conn-tok-manual\",\"client_type\":\"production\"}")));
        String connection = connect("tok-manual");
        String manualId = UUID.randomUUID().toString();
        FINCH.stubFor(WireMock.get("/jobs/manual/" + manualId).willReturn(okJson(manualJob(manualId, "in_progress"))));
        assertEquals(0, tree(api.get("/api/v1/jobs?externalId=" + manualId, key).body()).get("items").size());

        Api.Response delivered = signedWebhook(connection, benefitsEvent("enroll", "conn-tok-manual", manualId));
        assertEquals(200, delivered.status(), delivered.body());
        inbox.drainOnce();

        JsonNode listed = tree(api.get("/api/v1/jobs?provider=finch&externalId=" + manualId, key).body()).get("items");
        assertEquals(1, listed.size(), "the webhook made Jobtower follow the job");
        JsonNode job = listed.get(0);
        String id = job.get("id").getStringValue();
        assertEquals("manual", job.get("type").getStringValue());
        assertEquals("RUNNING", job.get("status").getStringValue());
        assertEquals(connection, job.get("connectionId").getStringValue());
        assertEquals(List.of("RUNNING/webhook"), history(id));

        // followed from then on: the next read (here a refresh) goes to the manual endpoint again
        FINCH.stubFor(WireMock.get("/jobs/manual/" + manualId).willReturn(okJson(manualJob(manualId, "complete"))));
        JsonNode refreshed = tree(api.post("/api/v1/jobs/" + id + "/refresh", key, "").body());
        assertEquals("SUCCEEDED", refreshed.get("status").getStringValue());
        assertEquals("PARTIAL", refreshed.get("statusReason").getStringValue());
        assertEquals("manual", refreshed.get("attributes").get("kind").getStringValue());
        assertEquals(0, FINCH.countRequestsMatching(WireMock.getRequestedFor(
                WireMock.urlEqualTo("/jobs/automated/" + manualId)).build()).getCount(),
                "a benefits job is read as a manual job, with no automated 404 first");
    }

    @Test
    void each_benefits_event_without_connection_id_follows_its_job_on_the_webhooks_connection() {
        String connection = connect("tok-b");
        for (String call : List.of("create", "update", "register", "enroll", "unenroll")) {
            String manualId = UUID.randomUUID().toString();
            FINCH.stubFor(WireMock.get("/jobs/manual/" + manualId).willReturn(okJson(manualJob(manualId, "pending"))));
            assertEquals(200, signedWebhook(connection, benefitsEvent(call, null, manualId)).status(), call);
            inbox.drainOnce();
            JsonNode listed = tree(api.get("/api/v1/jobs?externalId=" + manualId, key).body()).get("items");
            assertEquals(1, listed.size(), call);
            assertEquals("QUEUED", listed.get(0).get("status").getStringValue(), call);
            assertEquals(connection, listed.get(0).get("connectionId").getStringValue(), call);
        }
    }

    @Test
    void tracking_a_manual_job_id_reads_it_after_the_automated_404_with_no_body() {
        String connection = connect("tok-a");
        String manualId = UUID.randomUUID().toString();
        FINCH.stubFor(WireMock.get("/jobs/automated/" + manualId).willReturn(aResponse().withStatus(404)));
        FINCH.stubFor(WireMock.get("/jobs/manual/" + manualId).willReturn(okJson(manualJob(manualId, "pending"))));

        Api.Response tracked = api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + connection
                + "\",\"externalId\":\"" + manualId + "\"}");

        assertEquals(201, tracked.status(), tracked.body());
        JsonNode job = tree(tracked.body());
        assertEquals("manual", job.get("type").getStringValue());
        assertEquals("QUEUED", job.get("status").getStringValue());
        assertEquals("pending", job.get("vendorStatus").getStringValue());
    }

    @Test
    void enqueue_answers_follow_the_vendor() {
        String connection = connect("tok-a");
        String body = "{\"connectionId\":\"" + connection + "\",\"type\":\"data_sync_all\"}";
        String existing = UUID.randomUUID().toString();

        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withBody("{\"job_id\":\"" + existing + "\",\"allowed_refreshes\":2,\"remaining_refreshes\":2}")));
        FINCH.stubFor(WireMock.get("/jobs/automated/" + existing).willReturn(okJson(automatedJob(existing, "in_progress"))));
        Api.Response dedup = api.post("/api/v1/jobs", key, body);
        assertEquals(200, dedup.status(), dedup.body());
        assertEquals("RUNNING", tree(dedup.body()).get("status").getStringValue());
        assertEquals(200, api.post("/api/v1/jobs", key, body).status());
        assertEquals(1, tree(api.get("/api/v1/jobs?externalId=" + existing, key).body()).get("items").size(), "no duplicate row");

        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"allowed_refreshes\":2,\"remaining_refreshes\":0,\"retry_at\":\"" + Instant.now().plusSeconds(3600) + "\"}")));
        Api.Response limited = api.post("/api/v1/jobs", key, body);
        assertEquals(429, limited.status());
        assertEquals("https://jobtower.dev/problems/rate-limited", tree(limited.body()).get("type").getStringValue());
        assertNotNull(tree(limited.body()).get("retryAt").getStringValue());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 3500 && retryAfter <= 3600, "Retry-After " + retryAfter);
        assertEquals(0, tree(api.get("/api/v1/connections/" + connection, key).body()).get("quota").get("remainingRefreshes").getIntValue());

        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"statusCode\":400,\"status\":400,\"code\":400,\"name\":\"bad_request\",\"message\":\"Assisted connections cannot refresh\",\"finch_code\":\"invalid_request\"}")));
        Api.Response rejected = api.post("/api/v1/jobs", key, body);
        assertEquals(400, rejected.status());
        JsonNode problem = tree(rejected.body());
        assertEquals("https://jobtower.dev/problems/vendor-rejected", problem.get("type").getStringValue());
        assertEquals(400, problem.get("vendorStatusCode").getIntValue());
        assertEquals("invalid_request", problem.get("vendorCode").getStringValue());
        assertEquals("Assisted connections cannot refresh", problem.get("vendorMessage").getStringValue());

        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(500).withBody("{\"name\":\"server_error\"}")));
        assertEquals(502, api.post("/api/v1/jobs", key, body).status());
        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withFixedDelay(3000).withStatus(201).withBody("{}")));
        Api.Response slow = api.post("/api/v1/jobs", key, body);
        assertEquals(502, slow.status());
        assertTrue(slow.body().contains("TIMEOUT"), slow.body());
        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertEquals(502, api.post("/api/v1/jobs", key, body).status());
        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"job_id\":\"trunc")));
        assertEquals(502, api.post("/api/v1/jobs", key, body).status(), "truncated JSON is the vendor's failure, never our 500");
        assertEquals(8, FINCH.countRequestsMatching(postRequestedFor(urlEqualTo("/jobs/automated")).build()).getCount(),
                "one POST per enqueue (8 enqueues): the POST is never retried blindly");
    }

    @Test
    void idempotency_key_answers_the_first_answer_again_without_calling_the_vendor() {
        String connection = connect("tok-a");
        String body = "{\"connectionId\":\"" + connection + "\",\"type\":\"data_sync_all\"}";
        String vendorJob = UUID.randomUUID().toString();
        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(500)));
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json", "Idempotency-Key", "sync-" + vendorJob));
        assertEquals(502, api.send("POST", "/api/v1/jobs", key, body, headers).status(), "an outage is not stored");

        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"job_id\":\"" + vendorJob + "\",\"allowed_refreshes\":2,\"remaining_refreshes\":1}")));
        Api.Response first = api.send("POST", "/api/v1/jobs", key, body, headers);
        assertEquals(201, first.status(), first.body());
        Api.Response again = api.send("POST", "/api/v1/jobs", key, body, headers);
        assertEquals(201, again.status());
        assertEquals(tree(first.body()).get("id").getStringValue(), tree(again.body()).get("id").getStringValue());
        assertEquals(2, FINCH.countRequestsMatching(postRequestedFor(urlEqualTo("/jobs/automated")).build()).getCount(),
                "one failed call, one success, and no call for the repeat");

        Api.Response otherBody = api.send("POST", "/api/v1/jobs", key, "{\"connectionId\":\"" + connection
                + "\",\"type\":\"w4_form_employee_sync\",\"params\":{\"individualId\":\"i\"}}", headers);
        assertEquals(422, otherBody.status());

        // a vendor-rejected answer depends on the connection, not the request: never stored, so a retry
        // after the customer fixed the credentials goes through (the README's replay rule)
        Map<String, String> fixHeaders = new HashMap<>(Map.of("Content-Type", "application/json", "Idempotency-Key", "fix-" + vendorJob));
        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"statusCode\":401,\"status\":401,\"code\":401,\"name\":\"invalid_token\",\"message\":\"Invalid access token\",\"finch_code\":\"invalid_token\"}")));
        Api.Response refused = api.send("POST", "/api/v1/jobs", key, body, fixHeaders);
        assertEquals("https://jobtower.dev/problems/vendor-rejected", tree(refused.body()).get("type").getStringValue(), refused.body());
        String fixedJob = UUID.randomUUID().toString();
        FINCH.stubFor(post("/jobs/automated").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"job_id\":\"" + fixedJob + "\",\"allowed_refreshes\":2,\"remaining_refreshes\":1}")));
        Api.Response afterFix = api.send("POST", "/api/v1/jobs", key, body, fixHeaders);
        assertEquals(201, afterFix.status(), afterFix.body());
        assertEquals(fixedJob, tree(afterFix.body()).get("externalId").getStringValue());
        assertEquals(201, api.send("POST", "/api/v1/jobs", key, body, fixHeaders).status(), "the success is stored");
        assertEquals(4, FINCH.countRequestsMatching(postRequestedFor(urlEqualTo("/jobs/automated")).build()).getCount(),
                "the rejected call and the call after the fix, no call for the stored success");

        Map<String, String> badHeaders = new HashMap<>(Map.of("Content-Type", "application/json", "Idempotency-Key", "bad-" + vendorJob));
        String bad = "{\"connectionId\":\"" + connection + "\",\"type\":\"w4_form_employee_sync\"}";
        assertEquals(400, api.send("POST", "/api/v1/jobs", key, bad, badHeaders).status());
        assertEquals(400, api.send("POST", "/api/v1/jobs", key, bad, badHeaders).status(), "a stored 400 is answered again");
    }
}
