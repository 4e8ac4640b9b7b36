package dev.jobtower.app.vendors;

import dev.jobtower.app.support.TestJson;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.webhooks.WebhookProcessor;
import dev.jobtower.domain.webhook.TimestampedHmacVerifier;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * anon end to end: tracking an anon job id follows its runs (each run one job, its workflows as steps
 * in order), and a Svix-signed webhook about a run moves it to SUCCEEDED; a bad signature is 401.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnonEndToEndTest extends JobtowerTest {
    static final WireMockServer ANON = new WireMockServer(options().dynamicPort());

    static {
        ANON.start();
    }

    static final String JOB = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    static final String LOGIN = "550e8400-e29b-41d4-a716-446655440000";
    static final String EXPORT = "661f9511-f3ac-42e5-b827-557766551111";
    static final String RUN = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(("anon secret " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    static final TimestampedHmacVerifier SVIX = new TimestampedHmacVerifier("svix-id", "svix-timestamp", "svix-signature",
            TimestampedHmacVerifier.WHSEC_SECRET);

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    WebhookProcessor inbox;
    @Inject
    dev.jobtower.domain.tracking.DiscoveringJobs discovering;
    @Inject
    dev.jobtower.domain.connection.ConnectionStore connections;

    Api api;
    String key;
    String connection;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.anon.base-url", ANON.baseUrl(), "jobtower.anon.read-timeout", "2s",
                "jobtower.webhooks.async", "false");
    }

    @AfterAll
    void stopVendor() {
        ANON.stop();
    }

    @BeforeAll
    void setUp() {
        api = new Api(server.getURL().toString());
        key = tree(api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"anon-e2e\"}").body()).get("apiKey").getStringValue();
        Api.Response c = api.post("/api/v1/connections", key, "{\"provider\":\"anon\",\"name\":\"Ops org\","
                + "\"credentials\":{\"token\":\"anon_key\"},\"webhookSecret\":\"" + SECRET + "\"}");
        assertEquals(201, c.status(), c.body());
        connection = tree(c.body()).get("id").getStringValue();

        ANON.stubFor(WireMock.get("/api/v2/jobs/" + JOB).willReturn(okJson("{\"id\":\"" + JOB + "\",\"name\":\"Gusto payroll journal export\","
                + "\"createdAt\":\"2026-02-10T15:02:11.482Z\",\"updatedAt\":\"2026-02-10T15:02:11.482Z\",\"organizationId\":"
                + "\"0d9e8f7a-6b5c-4d3e-a2f1-0e9d8c7b6a59\",\"sourceProvider\":\"gusto\",\"createdByUserId\":\"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d\","
                + "\"updatedByUserId\":null,\"jobConfigJson\":{\"workflowExecutionOrder\":[\"" + LOGIN + "\",\"" + EXPORT + "\"]}}")));
        ANON.stubFor(WireMock.get("/api/v2/job-runs/" + JOB).willReturn(aResponse().withStatus(404)));
        ANON.stubFor(WireMock.get("/api/v2/workflows/" + LOGIN).willReturn(okJson("{\"id\":\"" + LOGIN + "\",\"name\":\"Log in to Gusto\",\"type\":\"LOGIN\"}")));
        ANON.stubFor(WireMock.get("/api/v2/workflows/" + EXPORT).willReturn(okJson("{\"id\":\"" + EXPORT + "\",\"name\":\"Export journal\",\"type\":\"USER_DEFINED\"}")));
        stubRun("IN_PROGRESS", "AWAITING_USER_INPUT", null, "2026-02-11T08:01:47Z");
        ANON.stubFor(WireMock.get(urlPathEqualTo("/api/v2/job-runs")).withQueryParam("jobId", WireMock.equalTo(JOB))
                .willReturn(okJson("[" + runJson("IN_PROGRESS", "AWAITING_USER_INPUT", null, "2026-02-11T08:01:47Z") + "]")));
    }

    static String runJson(String status, String loginStatus, String exportStatus, String updatedAt) {
        String login = "{\"id\":\"7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e\",\"workflowId\":\"" + LOGIN + "\",\"status\":\"" + loginStatus
                + "\",\"completedAt\":null,\"createdAt\":\"2026-02-11T08:00:03Z\",\"updatedAt\":\"" + updatedAt + "\",\"jobRunId\":\"" + RUN
                + "\",\"currentStateName\":\"enter_mfa_code\"}";
        String export = exportStatus == null ? "" : ",{\"id\":\"8c9d0e1f-2a3b-4c4d-8e5f-6a7b8c9d0e1f\",\"workflowId\":\"" + EXPORT
                + "\",\"status\":\"" + exportStatus + "\",\"completedAt\":\"" + updatedAt + "\",\"createdAt\":\"2026-02-11T08:02:00Z\","
                + "\"updatedAt\":\"" + updatedAt + "\",\"jobRunId\":\"" + RUN + "\"}";
        return "{\"id\":\"" + RUN + "\",\"jobId\":\"" + JOB + "\",\"status\":\"" + status + "\",\"jobConfigJsonSnapshot\":"
                + "{\"workflowExecutionOrder\":[\"" + LOGIN + "\",\"" + EXPORT + "\"]},\"createdAt\":\"2026-02-11T08:00:00Z\","
                + "\"updatedAt\":\"" + updatedAt + "\",\"workflowRuns\":[" + login + export + "]}";
    }

    static void stubRun(String status, String loginStatus, String exportStatus, String updatedAt) {
        ANON.stubFor(WireMock.get("/api/v2/job-runs/" + RUN).willReturn(okJson(runJson(status, loginStatus, exportStatus, updatedAt))));
    }

    JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }

    @Test
    void a_job_without_runs_is_watched_and_its_first_run_is_discovered() {
        String job = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
        String run = "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";
        ANON.stubFor(WireMock.get("/api/v2/job-runs/" + job).willReturn(aResponse().withStatus(404)));
        ANON.stubFor(WireMock.get("/api/v2/jobs/" + job).willReturn(okJson("{\"id\":\"" + job + "\",\"name\":\"Toast sales export\","
                + "\"organizationId\":\"0d9e8f7a-6b5c-4d3e-a2f1-0e9d8c7b6a59\",\"sourceProvider\":\"toast\",\"updatedByUserId\":null,"
                + "\"jobConfigJson\":{\"workflowExecutionOrder\":[\"" + EXPORT + "\"]}}")));
        ANON.stubFor(WireMock.get(urlPathEqualTo("/api/v2/job-runs")).withQueryParam("jobId", WireMock.equalTo(job)).willReturn(okJson("[]")));
        Api.Response watching = api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + connection + "\",\"externalId\":\"" + job + "\"}");
        assertEquals(202, watching.status(), watching.body());
        assertEquals(job, tree(watching.body()).get("watching").getStringValue());
        assertEquals(0, tree(watching.body()).get("items").size());

        ANON.stubFor(WireMock.get(urlPathEqualTo("/api/v2/job-runs")).withQueryParam("jobId", WireMock.equalTo(job)).willReturn(okJson(
                "[{\"id\":\"" + run + "\",\"jobId\":\"" + job + "\",\"status\":\"PENDING\",\"createdAt\":\"" + Instant.now()
                        + "\",\"updatedAt\":\"" + Instant.now() + "\",\"workflowRuns\":[]}]")));
        ANON.stubFor(WireMock.get("/api/v2/job-runs/" + run).willReturn(okJson("{\"id\":\"" + run + "\",\"jobId\":\"" + job
                + "\",\"status\":\"PENDING\",\"createdAt\":\"" + Instant.now() + "\",\"updatedAt\":\"" + Instant.now() + "\",\"workflowRuns\":[]}")));
        dev.jobtower.domain.connection.Connection c = connections.findForWebhook(dev.jobtower.domain.job.ConnectionId.of(connection)).orElseThrow();
        assertEquals(1, discovering.discover(c), "discovery follows the watched job's new run");
        JsonNode found = tree(api.get("/api/v1/jobs?externalId=" + run, key).body()).get("items").get(0);
        assertEquals("QUEUED", found.get("status").getStringValue());
        assertEquals(job, found.get("type").getStringValue());
    }

    Api.Response svix(String body, String secret) {
        String id = "msg_" + UUID.randomUUID();
        long ts = Instant.now().getEpochSecond();
        return api.send("POST", "/webhooks/anon/" + connection, null, body, Map.of("Content-Type", "application/json",
                "svix-id", id, "svix-timestamp", Long.toString(ts),
                "svix-signature", SVIX.sign(id, ts, body.getBytes(StandardCharsets.UTF_8), secret)));
    }

    @Test
    void tracking_a_job_follows_its_runs_and_a_signed_webhook_completes_one() {
        Api.Response tracked = api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + connection + "\",\"externalId\":\"" + JOB + "\"}");
        assertEquals(201, tracked.status(), tracked.body());
        JsonNode run = tree(tracked.body());
        assertEquals(RUN, run.get("externalId").getStringValue());
        assertEquals(JOB, run.get("type").getStringValue());
        assertEquals("Gusto payroll journal export", run.get("name").getStringValue());
        assertEquals("WAITING", run.get("status").getStringValue());
        assertEquals("USER_INPUT_REQUIRED", run.get("statusReason").getStringValue());
        List<String> steps = new ArrayList<>();
        run.get("steps").values().forEach(s -> steps.add(s.get("name").getStringValue() + ":" + s.get("status").getStringValue()));
        assertEquals(List.of("Log in to Gusto:WAITING", "Export journal:QUEUED"), steps, "the whole plan, in order");
        assertEquals("gusto", run.get("attributes").get("sourceProvider").getStringValue());
        String id = run.get("id").getStringValue();

        Api.Response forged = svix("{\"type\":\"job_run.updated\",\"data\":{\"object\":{\"id\":\"" + RUN + "\",\"jobId\":\"" + JOB
                + "\",\"status\":\"COMPLETED\"}}}", "whsec_" + Base64.getEncoder().encodeToString("wrong".getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, forged.status());

        stubRun("COMPLETED", "COMPLETED", "COMPLETED", "2026-02-11T08:04:12Z");
        Api.Response delivered = svix("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"job_run.completed\",\"data\":{\"object\":{\"id\":\""
                + RUN + "\",\"jobId\":\"" + JOB + "\",\"status\":\"COMPLETED\"}}}", SECRET);
        assertEquals(200, delivered.status(), delivered.body());
        inbox.drainOnce();
        JsonNode done = tree(api.get("/api/v1/jobs/" + id, key).body());
        assertEquals("SUCCEEDED", done.get("status").getStringValue());
        assertEquals("COMPLETED", done.get("steps").get(1).get("vendorStatus").getStringValue());
        List<String> history = new ArrayList<>();
        tree(api.get("/api/v1/jobs/" + id + "/history", key).body()).get("items").values()
                .forEach(h -> history.add(h.get("status").getStringValue() + "/" + h.get("source").getStringValue()));
        assertEquals(List.of("WAITING/track", "SUCCEEDED/webhook"), history);
        assertEquals(200, api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + connection + "\",\"externalId\":\"" + RUN + "\"}").status(),
                "a run id is tracked as itself, already known");
    }
    @Test
    void a_webhook_under_the_standard_webhooks_header_names_completes_a_run_like_a_svix_one() {
        String run = "5d6e7f80-9a1b-4c2d-8e3f-405162738495";
        ANON.stubFor(WireMock.get("/api/v2/job-runs/" + run).willReturn(okJson(
                runJson("IN_PROGRESS", "AWAITING_USER_INPUT", null, "2026-02-11T08:01:47Z").replace(RUN, run))));
        Api.Response tracked = api.post("/api/v1/jobs/track", key, "{\"connectionId\":\"" + connection + "\",\"externalId\":\"" + run + "\"}");
        assertEquals(201, tracked.status(), tracked.body());
        String id = tree(tracked.body()).get("id").getStringValue();
        ANON.stubFor(WireMock.get("/api/v2/job-runs/" + run).willReturn(okJson(
                runJson("COMPLETED", "COMPLETED", "COMPLETED", "2026-02-11T08:04:12Z").replace(RUN, run))));
        String body = "{\"type\":\"job_run.completed\",\"data\":{\"object\":{\"id\":\"" + run + "\",\"jobId\":\"" + JOB
                + "\",\"status\":\"COMPLETED\"}}}";
        String msg = "msg_" + UUID.randomUUID();
        long ts = Instant.now().getEpochSecond();

        Api.Response forged = api.send("POST", "/webhooks/anon/" + connection, null, body, Map.of("Content-Type", "application/json",
                "webhook-id", msg, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", SVIX.sign(msg, ts, body.getBytes(StandardCharsets.UTF_8),
                        "whsec_" + Base64.getEncoder().encodeToString("wrong".getBytes(StandardCharsets.UTF_8)))));
        assertEquals(401, forged.status(), forged.body());
        Api.Response delivered = api.send("POST", "/webhooks/anon/" + connection, null, body, Map.of("Content-Type", "application/json",
                "webhook-id", msg, "webhook-timestamp", Long.toString(ts),
                "webhook-signature", SVIX.sign(msg, ts, body.getBytes(StandardCharsets.UTF_8), SECRET)));
        assertEquals(200, delivered.status(), delivered.body());
        inbox.drainOnce();

        assertEquals("SUCCEEDED", tree(api.get("/api/v1/jobs/" + id, key).body()).get("status").getStringValue());
    }

    @Test
    void a_timestamp_beyond_any_date_answers_401_not_500() {
        String body = "{\"type\":\"job_run.completed\",\"data\":{}}";
        for (String ts : List.of("99999999999999999", "-99999999999999999", "9223372036854775807")) {
            Api.Response svix = api.send("POST", "/webhooks/anon/" + connection, null, body, Map.of("Content-Type", "application/json",
                    "svix-id", "msg_1", "svix-timestamp", ts, "svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
            assertEquals(401, svix.status(), ts + ": " + svix.body());
            Api.Response standard = api.send("POST", "/webhooks/anon/" + connection, null, body, Map.of("Content-Type", "application/json",
                    "webhook-id", "msg_1", "webhook-timestamp", ts, "webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
            assertEquals(401, standard.status(), ts + ": " + standard.body());
        }
    }
}
