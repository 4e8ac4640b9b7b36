package dev.jobtower.app.sync;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.adapters.finch.FinchWebhooks;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.TestDatabase;

import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An instance that stops abruptly after storing a webhook but before processing it, and in the middle
 * of a poll (leases taken, reads not done): after a restart no webhook is lost, no history row is
 * duplicated and no job stays leased.
 */
class CrashRecoveryTest {
    static final WireMockServer FINCH = new WireMockServer(options().dynamicPort());

    static {
        FINCH.start();
    }

    @AfterAll
    static void stop() {
        FINCH.stop();
    }

    static String job(String id, String status) {
        return "{\"job_id\":\"" + id + "\",\"type\":\"data_sync_all\",\"status\":\"" + status
                + "\",\"created_at\":\"2026-03-02T09:14:05Z\",\"completed_at\":null}";
    }

    @Test
    void nothing_is_lost_duplicated_or_stuck_after_a_crash() {
        String secret = Base64.getEncoder().encodeToString(("s-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.put("jobtower.finch.base-url", FINCH.baseUrl());
        p.put("jobtower.poll.interval", "10m");
        p.put("jobtower.poll.lease", "2s");
        p.put("jobtower.poll.tick", "100ms");
        p.put("jobtower.poll.initial-delay", "100ms");
        Map<String, Object> crashing = new java.util.HashMap<>(p);
        crashing.put("jobtower.webhooks.async", false);   // stores webhooks, never processes them
        crashing.put("jobtower.poll.enabled", false);

        String webhookJob = "wh-" + UUID.randomUUID();
        String polledJob = "poll-" + UUID.randomUUID();
        FINCH.stubFor(WireMock.get("/jobs/automated/" + webhookJob).willReturn(okJson(job(webhookJob, "in_progress"))));
        FINCH.stubFor(WireMock.get("/jobs/automated/" + polledJob).willReturn(okJson(job(polledJob, "in_progress"))));

        AppInstance first = AppInstance.start(crashing);
        SyncFixture fx = new SyncFixture(first);
        String connection = fx.connect("finch", "tok", secret);
        for (String id : List.of(webhookJob, polledJob)) {
            assertEquals(201, fx.api.post("/api/v1/jobs/track", fx.key,
                    "{\"connectionId\":\"" + connection + "\",\"externalId\":\"" + id + "\"}").status());
        }
        FINCH.stubFor(WireMock.get("/jobs/automated/" + webhookJob).willReturn(okJson(job(webhookJob, "complete"))));
        FINCH.stubFor(WireMock.get("/jobs/automated/" + polledJob).willReturn(okJson(job(polledJob, "complete"))));

        // stored in the inbox and answered 200, then the instance goes away before processing it
        String body = "{\"connection_id\":null,\"event_type\":\"job.data_sync_all.completed\",\"data\":{\"job_id\":\"" + webhookJob + "\"}}";
        long ts = Instant.now().getEpochSecond();
        Api.Response delivered = fx.api.send("POST", "/webhooks/finch/" + connection, null, body, Map.of(
                "Content-Type", "application/json", FinchWebhooks.EVENT_ID_HEADER, "msg_crash", FinchWebhooks.TIMESTAMP_HEADER,
                Long.toString(ts), FinchWebhooks.SIGNATURE_HEADER,
                FinchWebhooks.VERIFIER.sign("msg_crash", ts, body.getBytes(StandardCharsets.UTF_8), secret)));
        assertEquals(200, delivered.status());
        // mid-poll: leases taken, reads never done
        fx.makeDue("external_id = '" + polledJob + "'");
        assertEquals(1, first.bean(PollQueue.class).claim(10).size());
        assertEquals(1, fx.count("select count(*) from webhook_inbox where processed_at is null"));
        first.close();

        try (AppInstance second = AppInstance.start(p)) {
            SyncFixture after = new SyncFixture(second);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    after.count("select count(*) from job where status = 'SUCCEEDED'") == 2);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    after.count("select count(*) from webhook_inbox where processed_at is null") == 0
                            && after.count("select count(*) from job_poll where lease_owner is not null") == 0);
            assertEquals(List.of("RUNNING/track", "SUCCEEDED/webhook"), history(after, webhookJob, fx.key));
            assertEquals(List.of("RUNNING/track", "SUCCEEDED/poll"), history(after, polledJob, fx.key));
        }
    }

    static List<String> history(SyncFixture fx, String externalId, String key) {
        JsonNode job = fx.tree(fx.api.get("/api/v1/jobs?externalId=" + externalId, key).body()).get("items").get(0);
        List<String> rows = new ArrayList<>();
        fx.tree(fx.api.get("/api/v1/jobs/" + job.get("id").getStringValue() + "/history", key).body()).get("items").values()
                .forEach(h -> rows.add(h.get("status").getStringValue() + "/" + h.get("source").getStringValue()));
        return rows;
    }

}
