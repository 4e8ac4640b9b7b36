package dev.jobtower.app.sync;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.TestDatabase;

import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One vendor misbehaving (429 with Retry-After, then 10 s delays, then 500s and resets): its jobs are
 * served stale, its connection's circuit opens (not for the 429s) while the provider's own circuit stays
 * closed (one account failing is not a provider outage), the query API keeps answering from the store,
 * the other vendors keep syncing, and after recovery everything is fresh with no status change lost
 * or duplicated.
 */
class VendorFaultsTest {
    static final WireMockServer VENDORS = new WireMockServer(options().dynamicPort().containerThreads(100));

    static {
        VENDORS.start();
    }

    @AfterAll
    static void stop() {
        VENDORS.stop();
    }

    static String finchJob(String status) {
        return "{\"job_id\":\"x\",\"type\":\"data_sync_all\",\"status\":\"" + status + "\",\"created_at\":\"2026-03-02T09:14:05Z\"}";
    }

    static String invopopJob(String id, boolean done) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-04-30T08:39:57.933Z\",\"updated_at\":\"" + (done ? "2026-04-30T08:40:00.000Z" : "2026-04-30T08:39:58.000Z")
                + "\",\"workflow_id\":\"46e84a39-72cc-40ba-9b32-ac0feefa4833\",\"status\":\"" + (done ? "OK" : "RUN") + "\""
                + (done ? ",\"completed_at\":\"2026-04-30T08:40:00.000Z\"" : "") + ",\"intents\":[]}";
    }

    void finchAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        VENDORS.stubFor(WireMock.get(urlPathMatching("/jobs/automated/.*")).willReturn(response));
    }

    @Test
    void one_failing_vendor_is_served_stale_and_isolated_then_recovers() {
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.put("jobtower.finch.base-url", VENDORS.baseUrl());
        p.put("jobtower.invopop.base-url", VENDORS.baseUrl());
        p.put("jobtower.finch.read-timeout", "1s");
        p.put("jobtower.finch.resilience.timeout", "3s");
        p.put("jobtower.finch.resilience.retry.initial-backoff", "20ms");
        p.put("jobtower.finch.resilience.circuit.minimum-calls", 5);
        p.put("jobtower.finch.resilience.circuit.open-wait", "2s");
        p.put("jobtower.finch.resilience.rate-limit.limit", 1000);
        p.put("jobtower.poll.interval", "500ms");
        p.put("jobtower.poll.max-interval", "1s");
        p.put("jobtower.poll.tick", "100ms");
        p.put("jobtower.poll.initial-delay", "100ms");
        VENDORS.stubFor(WireMock.get(urlPathMatching("/transform/v1/workflows/.*")).willReturn(okJson("{\"name\":\"Invoice\"}")));
        finchAnswers(okJson(finchJob("in_progress")));
        List<String> invopopIds = List.of("0190f3a2-7b1c-7e4d-9a5b-3c2d1e0f9a81", "0190f3a2-7b1c-7e4d-9a5b-3c2d1e0f9a82");
        invopopIds.forEach(id -> VENDORS.stubFor(WireMock.get("/transform/v1/jobs/" + id).willReturn(okJson(invopopJob(id, false)))));

        try (AppInstance app = AppInstance.start(p)) {
            SyncFixture fx = new SyncFixture(app);
            String finch = fx.connect("finch", "tok", null);
            String invopop = fx.connect("invopop", "tok", null);
            for (int i = 0; i < 5; i++) {
                assertEquals(201, fx.api.post("/api/v1/jobs/track", fx.key,
                        "{\"connectionId\":\"" + finch + "\",\"externalId\":\"finch-" + i + "\"}").status());
            }
            for (String id : invopopIds) {
                assertEquals(201, fx.api.post("/api/v1/jobs/track", fx.key,
                        "{\"connectionId\":\"" + invopop + "\",\"externalId\":\"" + id + "\"}").status());
            }

            // 1. throttled reads: served stale, but a 429 is not the vendor failing: the circuit stays closed
            finchAnswers(aResponse().withStatus(429).withHeader("Retry-After", "1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> allFinchStale(fx, true));
            assertEquals("CLOSED", provider(fx, "finch").get("circuit").getStringValue());
            assertEquals("HTTP_429", provider(fx, "finch").get("lastError").getStringValue());
            assertEquals("CLOSED", health(fx, finch).get("circuit").getStringValue());
            assertEquals("HTTP_429", health(fx, finch).get("lastError").getStringValue());

            // 2. a vendor that hangs for 10 s: the circuit opens; the query API does not wait for it
            finchAnswers(okJson(finchJob("in_progress")).withFixedDelay(10_000));
            await().atMost(Duration.ofSeconds(40)).until(() -> "OPEN".equals(health(fx, finch).get("circuit").getStringValue()));
            assertEquals("CLOSED", provider(fx, "finch").get("circuit").getStringValue(),
                    "one connection failing does not open the provider's circuit");
            long started = System.nanoTime();
            Api.Response list = fx.api.get("/api/v1/jobs?provider=finch", fx.key);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(200, list.status());
            assertTrue(tookMs < 5_000, "the list answered from the store in " + tookMs + " ms while the vendor hangs 10 s");
            assertTrue(fx.tree(list.body()).get("items").values().iterator().next().get("stale").getBooleanValue());
            Api.Response refresh = fx.api.send("POST", "/api/v1/jobs/" + fx.tree(list.body()).get("items").get(0).get("id").getStringValue()
                    + "/refresh", fx.key, null, Map.of());
            assertEquals(200, refresh.status(), "a refresh answers the stored copy while the vendor is out");
            assertTrue(fx.tree(refresh.body()).get("stale").getBooleanValue());

            // 3. errors and resets keep it open; meanwhile Invopop keeps syncing
            finchAnswers(aResponse().withStatus(500));
            invopopIds.forEach(id -> VENDORS.stubFor(WireMock.get("/transform/v1/jobs/" + id).willReturn(okJson(invopopJob(id, true)))));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    fx.tree(fx.api.get("/api/v1/jobs?provider=invopop&status=SUCCEEDED", fx.key).body()).get("items").size() == 2);
            finchAnswers(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER));
            assertTrue(allFinchStale(fx, true));

            // 4. recovery: the vendor answers again and its jobs complete
            finchAnswers(okJson(finchJob("complete")));
            await().atMost(Duration.ofSeconds(40)).until(() -> allFinchStale(fx, false)
                    && fx.tree(fx.api.get("/api/v1/jobs?provider=finch&status=SUCCEEDED", fx.key).body()).get("items").size() == 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> "CLOSED".equals(health(fx, finch).get("circuit").getStringValue()));
            for (JsonNode job : fx.tree(fx.api.get("/api/v1/jobs?provider=finch", fx.key).body()).get("items").values()) {
                List<String> history = new ArrayList<>();
                fx.tree(fx.api.get("/api/v1/jobs/" + job.get("id").getStringValue() + "/history", fx.key).body()).get("items").values()
                        .forEach(h -> history.add(h.get("status").getStringValue()));
                assertEquals(List.of("RUNNING", "SUCCEEDED"), history, "no status change lost or duplicated");
            }
        }
    }

    static boolean allFinchStale(SyncFixture fx, boolean stale) {
        JsonNode items = fx.tree(fx.api.get("/api/v1/jobs?provider=finch", fx.key).body()).get("items");
        for (JsonNode job : items.values()) {
            if (job.get("stale").getBooleanValue() != stale) {
                return false;
            }
        }
        return items.size() == 5;
    }

    static JsonNode health(SyncFixture fx, String connection) {
        return fx.tree(fx.api.get("/api/v1/connections/" + connection, fx.key).body()).get("health");
    }

    static JsonNode provider(SyncFixture fx, String name) {
        for (JsonNode p : fx.tree(fx.api.get("/api/v1/providers", fx.key).body()).get("items").values()) {
            if (name.equals(p.get("provider").getStringValue())) {
                return p;
            }
        }
        throw new AssertionError("no provider " + name);
    }

}
