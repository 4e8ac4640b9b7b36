package dev.jobtower.app.webhooks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.TestJson;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backlog far larger than one claim (a claim takes at most a few deliveries per connection) is worked off
 * by one wake-up: the processor keeps claiming while claims find work, woken by its tasks finishing, it does
 * not wait for the next delivery or the sweep (here an hour away) to come back for the rest. And it never
 * leases more of one connection's deliveries than the connection can start soon (its tasks and half as many
 * queued): a lease is not taken by deliveries that would wait behind the rest of a backlog.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookBacklogTest extends JobtowerTest {
    static final WireMockServer FINCH = new WireMockServer(options().dynamicPort());

    static {
        FINCH.start();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    WebhookInbox inbox;
    @Inject
    WebhookProcessor processor;
    @Inject
    JsonMapper json;

    JsonNode tree(String text) {
        return TestJson.tree(json, text);
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.finch.base-url", FINCH.baseUrl(), "jobtower.finch.resilience.rate-limit.limit", "1000",
                "jobtower.webhooks.sweep", "1h", "jobtower.webhooks.connection-tasks", "4",
                "jobtower.webhooks.connection-parallelism", "2");
    }

    @AfterAll
    void stopVendor() {
        FINCH.stop();
    }

    @Test
    void one_wake_up_works_off_a_backlog_of_many_claims() {
        Api api = new Api(server.getURL().toString());
        String key = tree(api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"backlog\"}").body()).get("apiKey").getStringValue();
        FINCH.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer tok-b"))
                .willReturn(okJson("{\"connection_id\":\"conn-tok-b\",\"client_type\":\"production\"}")));
        Api.Response created = api.post("/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"b\","
                + "\"credentials\":{\"token\":\"tok-b\"}}");
        assertEquals(201, created.status(), created.body());
        ConnectionId connection = new ConnectionId(UUID.fromString(tree(created.body()).get("id").getStringValue()));
        int deliveries = 40;
        for (int i = 0; i < deliveries; i++) {
            String job = "backlog-" + i;
            FINCH.stubFor(WireMock.get("/jobs/automated/" + job)
                    .willReturn(okJson(WebhookCoalescingTest.automatedJob(job, "complete"))));
            // stored as intake stores them, without the wake-up intake gives
            assertTrue(inbox.store(connection, Provider.of("finch"), WebhookSignal.reread("evt-" + UUID.randomUUID(),
                    "job.data_sync_all.completed", "conn-tok-b", List.of(job))));
        }
        assertEquals(deliveries, inbox.depth());

        processor.kick();

        await().atMost(Duration.ofSeconds(60)).until(() -> inbox.depth() == 0);
        assertEquals(deliveries, FINCH.countRequestsMatching(WireMock.getRequestedFor(
                WireMock.urlPathMatching("/jobs/automated/backlog-.*")).build()).getCount(), "each delivery's job read once");
    }

    @Inject
    dev.jobtower.app.db.Database db;

    /** Deliveries leased now and not processed. */
    int leased() {
        return db.read(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("select count(*) from webhook_inbox "
                    + "where processed_at is null and lease_until > now()");
                 java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void a_backlog_is_leased_only_as_far_as_the_connection_can_start_it_soon() {
        Api api = new Api(server.getURL().toString());
        String key = tree(api.post("/admin/tenants", ADMIN_TOKEN, "{\"name\":\"budget\"}").body()).get("apiKey").getStringValue();
        FINCH.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer tok-s"))
                .willReturn(okJson("{\"connection_id\":\"conn-tok-s\",\"client_type\":\"production\"}")));
        Api.Response created = api.post("/api/v1/connections", key, "{\"provider\":\"finch\",\"name\":\"s\","
                + "\"credentials\":{\"token\":\"tok-s\"}}");
        assertEquals(201, created.status(), created.body());
        ConnectionId connection = new ConnectionId(UUID.fromString(tree(created.body()).get("id").getStringValue()));
        int deliveries = 60;
        for (int i = 0; i < deliveries; i++) {
            String job = "slow-" + i;
            // each read takes a while, so the backlog is still there while its first reads run
            FINCH.stubFor(WireMock.get("/jobs/automated/" + job)
                    .willReturn(okJson(WebhookCoalescingTest.automatedJob(job, "complete")).withFixedDelay(150)));
            assertTrue(inbox.store(connection, Provider.of("finch"), WebhookSignal.reread("evt-" + UUID.randomUUID(),
                    "job.data_sync_all.completed", "conn-tok-s", List.of(job))));
        }

        processor.kick();

        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            most.accumulateAndGet(leased(), Math::max);
            return inbox.depth() == 0;
        });
        // connection-tasks 4 (2 of them in a vendor call) and half as many queued
        assertTrue(most.get() <= 6, "at most 6 of the connection's deliveries under lease at once, saw " + most.get());
        assertTrue(most.get() >= 2, "deliveries were processed side by side, saw " + most.get());
        assertEquals(deliveries, FINCH.countRequestsMatching(WireMock.getRequestedFor(
                WireMock.urlPathMatching("/jobs/automated/slow-.*")).build()).getCount(), "each delivery's job read once");
    }
}
