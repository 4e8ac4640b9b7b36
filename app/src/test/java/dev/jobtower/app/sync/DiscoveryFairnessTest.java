package dev.jobtower.app.sync;

import dev.jobtower.app.connections.DiscoverySchedule;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.app.db.Database;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.TestDatabase;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery serves tenants in turn (API.md "Limits and fairness"): tenant A has many more connections due
 * for a scan than one round of the discovery schedule takes, all of them waiting longer than tenant B's
 * one; B's connection is still scanned in the very first round, so the job B started at its vendor shows
 * in B's list after it. Scanning the longest-waiting connections first (without turns) would spend the
 * whole round on A's and leave B's job unknown.
 */
class DiscoveryFairnessTest {
    /** Connections one round of {@link DiscoverySchedule#tick()} claims. */
    static final int ROUND = 20;
    static final int A_CONNECTIONS = ROUND + 10;

    final WireMockServer finch = new WireMockServer(options().dynamicPort());
    AppInstance app;
    SyncFixture a;
    SyncFixture b;

    @BeforeEach
    void start() {
        finch.start();
        // an empty job list for every account at first
        finch.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated"))
                .willReturn(okJson("{\"data\":[]}")));
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.put("jobtower.finch.base-url", finch.baseUrl());
        p.put("jobtower.finch.resilience.rate-limit.limit", 10_000); // the round's order is tested, not Finch's limit
        p.put("jobtower.poll.enabled", false);
        p.put("jobtower.overdue.enabled", false);
        // the schedule exists but never runs by itself: the test runs its rounds
        p.put("jobtower.discovery.enabled", true);
        p.put("jobtower.discovery.tick", "1h");
        p.put("jobtower.discovery.initial-delay", "1h");
        app = AppInstance.start(p);
        a = new SyncFixture(app);
        b = new SyncFixture(app);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        finch.stop();
    }

    @Test
    void a_tenant_with_many_due_connections_does_not_delay_another_tenants_one() {
        List<String> aConnections = new ArrayList<>();
        for (int i = 0; i < A_CONNECTIONS; i++) {
            aConnections.add(connect(a, "a-token-" + i));
        }
        String bConnection = connect(b, "b-token");
        // each new connection is introspected and scanned once in the background: let those finish first
        await().atMost(Duration.ofSeconds(30)).until(() ->
                finch.countRequestsMatching(getRequestedFor(urlPathEqualTo("/jobs/automated")).build()).getCount()
                        == A_CONNECTIONS + 1);
        // all are due again (interval 15 min); every one of A's has waited longer than B's
        Database db = app.bean(Database.class);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update connection set discovered_at = case when tenant_id = ?::uuid "
                    + "then now() - interval '2 hours' + (random() * interval '1 minute') else now() - interval '1 hour' end "
                    + "where tenant_id in (?::uuid, ?::uuid)")) {
                ps.setString(1, a.tenant.toString());
                ps.setString(2, a.tenant.toString());
                ps.setString(3, b.tenant.toString());
                return ps.executeUpdate();
            }
        });
        // meanwhile B started a job at Finch that Jobtower does not know of (a Finch job list page, newest first)
        String bJob = UUID.randomUUID().toString();
        Instant created = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        finch.stubFor(WireMock.get(urlPathEqualTo("/jobs/automated")).withHeader("Authorization", equalTo("Bearer b-token"))
                .atPriority(1)
                .willReturn(okJson("{\"data\":[{\"job_id\":\"" + bJob + "\","
                        + "\"job_url\":\"https://api.tryfinch.com/jobs/automated/" + bJob + "\",\"type\":\"data_sync_all\","
                        + "\"status\":\"in_progress\",\"created_at\":\"" + created + "\",\"scheduled_at\":null,"
                        + "\"started_at\":\"" + created.plusSeconds(1) + "\",\"completed_at\":null,"
                        + "\"params\":{\"individual_id\":null}}]}")));
        assertEquals(0, items(b).size(), "B's job is not known before the round");

        app.bean(DiscoverySchedule.class).tick();

        List<JsonNode> found = items(b);
        assertEquals(1, found.size(), "B's connection was scanned in the first round, beside A's " + A_CONNECTIONS);
        assertEquals(bJob, found.get(0).get("externalId").getStringValue());
        assertEquals(bConnection, found.get(0).get("connectionId").getStringValue());
        long aStillDue = a.count("select count(*) from connection where tenant_id = '" + a.tenant
                + "' and discovered_at < now() - interval '15 minutes'");
        assertEquals(A_CONNECTIONS - (ROUND - 1), aStillDue, "the round was full: A's other connections wait for the next");
        assertTrue(aConnections.size() > ROUND);
    }

    /** A Finch connection whose account answers GET /introspect with its own connection_id (REFERENCE.md). */
    String connect(SyncFixture tenant, String token) {
        finch.stubFor(WireMock.get("/introspect").withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"connection_id\":\"" + UUID.randomUUID() + "\",\"client_type\":\"production\","
                        + "\"connection_type\":\"provider\",\"products\":[\"directory\",\"payment\"]}")));
        return tenant.connect("finch", token, null);
    }

    List<JsonNode> items(SyncFixture tenant) {
        List<JsonNode> items = new ArrayList<>();
        tenant.tree(tenant.api.get("/api/v1/jobs", tenant.key).body()).get("items").values().forEach(items::add);
        return items;
    }
}
