package dev.jobtower.app.vendors;

import dev.jobtower.app.support.TestJson;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invopop end to end: an enqueue retried with the same Idempotency-Key creates one vendor job, a
 * timed-out create followed by a retry still makes one (the retry sends the same pre-minted id),
 * and a webhook moves the job to SUCCEEDED with its attachment.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvopopEndToEndTest extends JobtowerTest {
    static final WireMockServer INVOPOP = new WireMockServer(options().dynamicPort());

    static {
        INVOPOP.start();
    }

    static final String WORKFLOW = "46e84a39-72cc-40ba-9b32-ac0feefa4833";
    static final String SECRET = "invopop-webhook-secret-" + UUID.randomUUID();

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    WebhookProcessor inbox;

    Api api;
    String key;
    String connection;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.invopop.base-url", INVOPOP.baseUrl(), "jobtower.invopop.read-timeout", "1s",
                "jobtower.invopop.resilience.timeout", "4s", "jobtower.webhooks.async", "false",
                "jobtower.invopop.resilience.retry.initial-backoff", "10ms");
    }

    @AfterAll
    void stopVendor() {
        INVOPOP.stop();
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURL().toString());
        key = tree(api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"invopop-e2e\"}").body()).get("apiKey").getStringValue();
        Api.Response c = api.post("/api/v1/connections", key, "{\"provider\":\"invopop\",\"name\":\"Workspace\","
                + "\"credentials\":{\"token\":\"inv-token\"},\"webhookSecret\":\"" + SECRET + "\"}");
        assertEquals(201, c.status(), c.body());
        connection = tree(c.body()).get("id").getStringValue();
        INVOPOP.stubFor(WireMock.get(urlPathMatching("/transform/v1/workflows/.*"))
                .willReturn(okJson("{\"id\":\"" + WORKFLOW + "\",\"name\":\"Send to SDI\"}")));
    }

    JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }

    static String running(String id) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-04-30T08:39:57.933Z\",\"updated_at\":\"2026-04-30T08:39:57.933Z\","
                + "\"workflow_id\":\"" + WORKFLOW + "\",\"silo_entry_id\":\"082ded41-31f7-429a-a740-0d2b7cc5707f\",\"status\":\"RUN\","
                + "\"intents\":[]}";
    }

    static String succeeded(String id) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-04-30T08:39:57.933Z\",\"updated_at\":\"2026-04-30T08:39:58.102Z\","
                + "\"completed_at\":\"2026-04-30T08:39:58.102Z\",\"workflow_id\":\"" + WORKFLOW + "\","
                + "\"silo_entry_id\":\"082ded41-31f7-429a-a740-0d2b7cc5707f\",\"status\":\"OK\",\"tags\":[\"billing-run-42\"],"
                + "\"intents\":[{\"id\":\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\",\"step_id\":\"8d49556b-ff63-477b-9cd3-32c986c1c77b\","
                + "\"name\":\"PDF Generation\",\"provider\":\"pdf\",\"completed\":true,\"events\":[{\"index\":0,\"status\":\"RUN\","
                + "\"at\":\"2026-04-30T08:39:58.000Z\"},{\"index\":1,\"status\":\"OK\",\"at\":\"2026-04-30T08:39:58.090Z\"}]}],"
                + "\"attachments\":[{\"id\":\"b564ff94-7823-4f54-975e-280feb38df3f\",\"key\":\"pdf\",\"name\":\"invoice.pdf\","
                + "\"mime\":\"application/pdf\",\"size\":48211,\"hash\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\","
                + "\"url\":\"https://files.invopop.example/invoice.pdf\"}],\"envelope\":{\"doc\":{\"big\":\"" + "x".repeat(2000) + "\"}}}";
    }

    Set<String> putIds() {
        return INVOPOP.findAll(putRequestedFor(urlPathMatching("/transform/v1/jobs/.*"))).stream()
                .map(LoggedRequest::getUrl).collect(Collectors.toSet());
    }

    @Test
    void retries_never_make_a_second_vendor_job_and_a_webhook_completes_the_job() {
        INVOPOP.resetRequests();
        String body = "{\"connectionId\":\"" + connection + "\",\"type\":\"" + WORKFLOW + "\",\"params\":{\"siloEntryId\":"
                + "\"082ded41-31f7-429a-a740-0d2b7cc5707f\",\"tags\":[\"billing-run-42\"]}}";
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "inv-" + UUID.randomUUID());

        // 1. the first create times out: 502, and the pre-minted job row stays for the poller to settle
        INVOPOP.stubFor(put(urlPathMatching("/transform/v1/jobs/.*")).willReturn(aResponse().withFixedDelay(2500)
                .withStatus(202).withHeader("Content-Type", "application/json").withBody("{}")));
        Api.Response timedOut = api.send("POST", "/api/v1/jobs", key, body, headers);
        assertEquals(502, timedOut.status(), timedOut.body());
        JsonNode kept = tree(api.get("/api/v1/jobs?provider=invopop", key).body()).get("items");
        assertEquals(1, kept.size(), "the pre-minted row is kept");
        String mintedId = kept.get(0).get("externalId").getStringValue();
        assertEquals('7', mintedId.charAt(14), "a UUIDv7: " + mintedId);

        // 2. the retry with the same key sends the same id: still one vendor job
        INVOPOP.stubFor(put(urlPathMatching("/transform/v1/jobs/.*")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(running(mintedId))));
        Api.Response retried = api.send("POST", "/api/v1/jobs", key, body, headers);
        assertTrue(retried.status() == 201 || retried.status() == 200, retried.body());
        String id = tree(retried.body()).get("id").getStringValue();
        assertEquals(mintedId, tree(retried.body()).get("externalId").getStringValue());

        // 3. the same request again: answered from the key, no vendor call
        Api.Response repeated = api.send("POST", "/api/v1/jobs", key, body, headers);
        assertEquals(retried.status(), repeated.status());
        assertEquals(id, tree(repeated.body()).get("id").getStringValue());
        assertEquals(Set.of("/transform/v1/jobs/" + mintedId), putIds(), "every PUT named the one pre-minted id");
        assertEquals(2, INVOPOP.findAll(putRequestedFor(urlPathMatching("/transform/v1/jobs/.*"))).size());
        assertEquals(1, tree(api.get("/api/v1/jobs?provider=invopop", key).body()).get("items").size(), "one job");

        // 4. the workflow's webhook step: the job is re-read and succeeds with its attachment
        INVOPOP.stubFor(WireMock.get("/transform/v1/jobs/" + mintedId).willReturn(okJson(succeeded(mintedId))));
        String event = "{\"id\":\"" + UUID.randomUUID() + "\",\"event\":\"success\",\"transform_job_id\":\"" + mintedId
                + "\",\"silo_entry_id\":\"082ded41-31f7-429a-a740-0d2b7cc5707f\",\"owner_id\":\"c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f\","
                + "\"args\":{},\"faults\":[]}";
        Api.Response delivered = api.send("POST", "/webhooks/invopop/" + connection, null, event,
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + SECRET));
        assertEquals(200, delivered.status(), delivered.body());
        inbox.drainOnce();
        JsonNode job = tree(api.get("/api/v1/jobs/" + id, key).body());
        assertEquals("SUCCEEDED", job.get("status").getStringValue());
        assertEquals("Send to SDI", job.get("name").getStringValue());
        assertEquals("invoice.pdf", job.get("attachments").get(0).get("name").getStringValue());
        assertEquals(48211, job.get("attachments").get(0).get("size").getLongValue());
        assertEquals("PDF Generation", job.get("steps").get(0).get("name").getStringValue());
        assertTrue(job.get("attributes").get("hasEnvelope").getBooleanValue());
        String raw = api.get("/api/v1/jobs/" + id + "/raw", key).body();
        assertTrue(!raw.contains("envelope") && raw.contains("invoice.pdf"), "raw leaves the envelope out: " + raw);
    }

    @Test
    void a_retry_after_an_in_doubt_create_never_moves_the_job_back_to_queued() {
        INVOPOP.resetRequests();
        // a tenant of its own, so the other tests' job lists stay theirs
        String key = tree(api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"invopop-in-doubt\"}").body()).get("apiKey").getStringValue();
        Api.Response c = api.post("/api/v1/connections", key, "{\"provider\":\"invopop\",\"name\":\"Workspace\","
                + "\"credentials\":{\"token\":\"inv-token\"},\"webhookSecret\":\"" + SECRET + "\"}");
        assertEquals(201, c.status(), c.body());
        String connection = tree(c.body()).get("id").getStringValue();
        String body = "{\"connectionId\":\"" + connection + "\",\"type\":\"" + WORKFLOW + "\",\"params\":{\"siloEntryId\":"
                + "\"082ded41-31f7-429a-a740-0d2b7cc5707f\",\"tags\":[\"in-doubt\"]}}";
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "doubt-" + UUID.randomUUID());
        INVOPOP.stubFor(put(urlPathMatching("/transform/v1/jobs/.*")).willReturn(aResponse().withFixedDelay(2500)
                .withStatus(202).withHeader("Content-Type", "application/json").withBody("{}")));
        assertEquals(502, api.send("POST", "/api/v1/jobs", key, body, headers).status());
        String mintedId = putIds().iterator().next().substring("/transform/v1/jobs/".length());
        JsonNode kept = tree(api.get("/api/v1/jobs?externalId=" + mintedId, key).body()).get("items");
        assertEquals(1, kept.size(), "the pre-minted row is kept");
        assertEquals("QUEUED", kept.get(0).get("status").getStringValue());
        String id = kept.get(0).get("id").getStringValue();

        // the create did reach Invopop: a refresh reads the job running before the customer retries
        INVOPOP.stubFor(WireMock.get("/transform/v1/jobs/" + mintedId).willReturn(okJson(running(mintedId))));
        assertEquals(200, api.post("/api/v1/jobs/" + id + "/refresh", key, "").status());
        assertEquals("RUNNING", tree(api.get("/api/v1/jobs/" + id, key).body()).get("status").getStringValue());

        // the retry with the same key sends the same id; Invopop answers with the job it already has
        INVOPOP.stubFor(put(urlPathMatching("/transform/v1/jobs/.*")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(running(mintedId))));
        Api.Response retried = api.send("POST", "/api/v1/jobs", key, body, headers);
        assertTrue(retried.status() == 201 || retried.status() == 200, retried.body());
        assertEquals(id, tree(retried.body()).get("id").getStringValue());
        assertEquals("RUNNING", tree(api.get("/api/v1/jobs/" + id, key).body()).get("status").getStringValue());
        Iterable<JsonNode> history = tree(api.get("/api/v1/jobs/" + id + "/history", key).body()).get("items").values();
        List<String> statuses = java.util.stream.StreamSupport.stream(history.spliterator(), false)
                .map(e -> e.get("status").getStringValue() + "/" + e.get("source").getStringValue()).toList();
        assertEquals(List.of("QUEUED/create", "RUNNING/refresh"), statuses, "never back to QUEUED, no false create row");
    }

    @Test
    void every_authenticated_delivery_is_200_even_an_unusable_one() {
        Map<String, String> auth = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + SECRET);
        assertEquals(200, api.send("POST", "/webhooks/invopop/" + connection, null, "{\"id\":\"trunc", auth).status());
        assertEquals(200, api.send("POST", "/webhooks/invopop/" + connection, null, "[]", auth).status());
        Api.Response wrong = api.send("POST", "/webhooks/invopop/" + connection, null, "{}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer wrong-secret-value"));
        assertEquals(401, wrong.status());
        assertEquals(401, api.send("POST", "/webhooks/invopop/" + connection, null, "{}", Map.of("Content-Type", "application/json")).status());
        inbox.drainOnce();
        assertEquals(List.of(), List.of(), "no assertion on side effects: unusable deliveries change no job");
    }
}
