package dev.jobtower.app.webhooks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.adapters.finch.FinchWebhooks;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook deliveries that name the same job coalesce into one vendor read (WireMock counts the reads):
 * those claimed together, and those still waiting in the inbox that arrived before the read began (the
 * claim here takes two at a time, so most are settled that way). A delivery that arrives after a read
 * began is read again.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookCoalescingTest extends JobtowerTest {
    static final WireMockServer FINCH = new WireMockServer(options().dynamicPort());

    static {
        FINCH.start();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    WebhookProcessor processor;

    Api api;
    String key;
    String connection;
    final String secret = Base64.getEncoder().encodeToString(("coalescing secret " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.finch.base-url", FINCH.baseUrl(), "jobtower.webhooks.async", "false",
                "jobtower.webhooks.batch", "2", "jobtower.finch.resilience.rate-limit.limit", "1000");
    }

    @AfterAll
    void stopVendor() {
        FINCH.stop();
    }

    @BeforeAll
    void tenantAndConnection() {
        api = new Api(server.getURL().toString());
        key = tree(api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"coalescing\"}").body()).get("apiKey").getStringValue();
        FINCH.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer tok-c"))
                .willReturn(okJson("{\"connection_id\":\"conn-tok-c\",\"client_type\":\"production\"}")));
        Api.Response r = api.post("/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"c\","
                + "\"credentials\":{\"token\":\"tok-c\"},\"webhookSecret\":\"" + secret + "\"}");
        assertEquals(201, r.status(), r.body());
        connection = tree(r.body()).get("id").getStringValue();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                tree(api.get("/api/v1/connections/" + connection, key).body()).get("vendorConnectionId").isString());
    }

    JsonNode tree(String text) {
        try {
            return json.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String automatedJob(String id, String status) {
        return "{\"job_id\":\"" + id + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + id + "\","
                + "\"type\":\"data_sync_all\",\"status\":\"" + status + "\",\"created_at\":\"2026-03-02T09:14:05Z\","
                + "\"scheduled_at\":null,\"started_at\":\"2026-03-02T09:14:06Z\",\"completed_at\":"
                + ("complete".equals(status) ? "\"2026-03-02T09:20:00Z\"" : "null") + ",\"params\":null}";
    }

    /** A job followed by Jobtower, RUNNING; returns its id. */
    String track(String vendorJob) {
        FINCH.stubFor(WireMock.get("/jobs/automated/" + vendorJob).willReturn(okJson(automatedJob(vendorJob, "in_progress"))));
        Api.Response tracked = api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + connection + "\",\"externalId\":\"" + vendorJob + "\"}");
        assertEquals(201, tracked.status(), tracked.body());
        return tree(tracked.body()).get("id").getStringValue();
    }

    void deliver(String vendorJob) {
        String eventId = "msg_" + UUID.randomUUID();
        long timestamp = Instant.now().getEpochSecond();
        String body = "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\",\"connection_id\":\"conn-tok-c\","
                + "\"entity_id\":null,\"event_type\":\"job.data_sync_all.completed\",\"data\":{\"job_id\":\"" + vendorJob
                + "\",\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + vendorJob + "\"}}";
        String signature = FinchWebhooks.VERIFIER.sign(eventId, timestamp, body.getBytes(StandardCharsets.UTF_8), secret);
        Api.Response r = api.send("POST", "/webhooks/finch/" + connection, null, body, Map.of("Content-Type", "application/json",
                FinchWebhooks.EVENT_ID_HEADER, eventId, FinchWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp),
                FinchWebhooks.SIGNATURE_HEADER, signature));
        assertEquals(200, r.status(), r.body());
    }

    int reads(String vendorJob) {
        return FINCH.countRequestsMatching(getRequestedFor(urlEqualTo("/jobs/automated/" + vendorJob)).build()).getCount();
    }

    /** Processes the inbox until nothing is due (bounded). */
    int drain() {
        int claimed = 0;
        for (int i = 0; i < 50; i++) {
            int n = processor.drainOnce();
            if (n == 0) {
                return claimed;
            }
            claimed += n;
        }
        throw new AssertionError("the inbox did not drain");
    }

    List<String> history(String jobId) {
        List<String> rows = new ArrayList<>();
        tree(api.get("/api/v1/jobs/" + jobId + "/history", key).body()).get("items").values()
                .forEach(h -> rows.add(h.get("status").getStringValue() + "/" + h.get("source").getStringValue()));
        return rows;
    }

    @Test
    void deliveries_naming_the_same_job_are_settled_by_one_vendor_read() {
        String x = UUID.randomUUID().toString();
        String y = UUID.randomUUID().toString();
        String xId = track(x);
        String yId = track(y);
        FINCH.stubFor(WireMock.get("/jobs/automated/" + x).willReturn(okJson(automatedJob(x, "complete"))));
        FINCH.stubFor(WireMock.get("/jobs/automated/" + y).willReturn(okJson(automatedJob(y, "error"))));
        int xBefore = reads(x);
        int yBefore = reads(y);
        for (String job : List.of(x, y, x, x, y, x, y, x)) {
            deliver(job);
        }

        int claimed = drain();

        assertEquals(1, reads(x) - xBefore, "five deliveries for x, one read");
        assertEquals(1, reads(y) - yBefore, "three deliveries for y, one read");
        assertTrue(claimed < 8, "deliveries waiting behind the first of their job were settled without being claimed: " + claimed);
        assertEquals(0, processor.drainOnce(), "every delivery is processed");
        assertEquals("SUCCEEDED", tree(api.get("/api/v1/jobs/" + xId, key).body()).get("status").getStringValue());
        assertEquals("FAILED", tree(api.get("/api/v1/jobs/" + yId, key).body()).get("status").getStringValue());
        assertEquals(List.of("RUNNING/track", "SUCCEEDED/webhook"), history(xId));
        assertEquals(List.of("RUNNING/track", "FAILED/webhook"), history(yId));
    }

    @Test
    void a_delivery_that_arrives_after_the_read_began_is_read_again() {
        String x = UUID.randomUUID().toString();
        String xId = track(x);
        int before = reads(x);
        deliver(x);
        drain();
        assertEquals(1, reads(x) - before);

        // the vendor moves on and says so: that news is newer than the read, so it is read
        FINCH.stubFor(WireMock.get("/jobs/automated/" + x).willReturn(okJson(automatedJob(x, "complete"))));
        deliver(x);
        deliver(x);
        drain();
        assertEquals(2, reads(x) - before, "the two later deliveries: one more read");
        assertEquals(List.of("RUNNING/track", "SUCCEEDED/webhook"), history(xId));
    }
}
