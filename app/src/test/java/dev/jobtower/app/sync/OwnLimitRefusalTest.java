package dev.jobtower.app.sync;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.AppInstance;
import dev.jobtower.app.support.TestDatabase;
import dev.jobtower.domain.job.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A read Jobtower's own limiter refused never reached the vendor, so nothing is known to be wrong with the
 * job (API.md "Limits and fairness", README {@code JOBTOWER_POLL_REFUSED_RETRY}): the poller leaves it due
 * again shortly, not {@code stale}, its backoff unchanged; a refresh is answered {@code 429 rate-limited}
 * with {@code Retry-After} and the job stays fresh. Here Finch's instance-wide limit allows one call per
 * hour, which the connection's set-up ({@code GET /introspect}) spends.
 */
class OwnLimitRefusalTest {
    static final int JOBS = 5;

    final WireMockServer finch = new WireMockServer(options().dynamicPort());
    AppInstance app;
    SyncFixture fx;

    @BeforeEach
    void start() {
        finch.start();
        finch.stubFor(WireMock.get("/introspect").willReturn(okJson("{\"connection_id\":\"" + UUID.randomUUID()
                + "\",\"client_type\":\"production\",\"connection_type\":\"provider\",\"products\":[\"directory\"]}")));
        finch.stubFor(WireMock.get(urlPathMatching("/jobs/automated/.+")).willReturn(okJson("{\"job_id\":\"x\","
                + "\"job_url\":\"https://api.tryfinch.com/jobs/automated/x\",\"type\":\"data_sync_all\",\"status\":\"in_progress\","
                + "\"created_at\":\"2026-12-01T09:00:00Z\",\"scheduled_at\":null,\"started_at\":\"2026-12-01T09:00:01Z\","
                + "\"completed_at\":null,\"params\":{\"individual_id\":null}}")));
        Map<String, Object> p = AppInstance.sharedProperties(TestDatabase.freshDatabase());
        p.put("jobtower.finch.base-url", finch.baseUrl());
        p.put("jobtower.finch.resilience.rate-limit.limit", 1);
        p.put("jobtower.finch.resilience.rate-limit.period", "1h");
        p.put("jobtower.finch.resilience.rate-limit.wait", "0s");
        p.put("jobtower.poll.tick", "100ms");
        p.put("jobtower.poll.initial-delay", "100ms");
        p.put("jobtower.poll.refused-retry", "1s");
        p.put("jobtower.overdue.enabled", false);
        app = AppInstance.start(p);
        fx = new SyncFixture(app);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        finch.stop();
    }

    @Test
    void reads_refused_by_jobtowers_own_limiter_leave_jobs_due_and_fresh() {
        String connection = fx.connect("finch", "tok-limited", null);
        // the set-up's introspect spends the hour's one call (its discovery is refused)
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.tree(fx.api.get("/api/v1/connections/" + connection, fx.key).body())
                .get("vendorConnectionId").isString());
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(fx.seed(connection, Provider.of("finch"), "limited-" + i));
        }
        String backoffBefore = backoffs();
        Counter refused = app.bean(MeterRegistry.class).counter("jobtower.poll.reads", "provider", "finch", "outcome", "refused");
        double refusedBefore = refused.count();

        fx.makeDue("tenant_id = '" + fx.tenant + "'");
        // each job claimed and refused at least twice: after a refusal it is due again within the retry
        await().atMost(Duration.ofSeconds(30)).until(() -> refused.count() - refusedBefore >= 2 * JOBS);

        assertEquals(0, finch.countRequestsMatching(getRequestedFor(urlPathMatching("/jobs/automated/.+")).build()).getCount(),
                "the vendor was never asked");
        assertEquals(0, fx.count("select count(*) from job where tenant_id = '" + fx.tenant + "' and stale"), "no job is stale");
        assertEquals(backoffBefore, backoffs(), "the backoff did not grow");
        assertEquals(JOBS, fx.count("select count(*) from job_poll where tenant_id = '" + fx.tenant
                + "' and next_poll_at <= now() + interval '2 seconds'"), "every job is due again within the refused retry");
        long failures = (long) app.bean(MeterRegistry.class).counter("jobtower.poll.reads", "provider", "finch", "outcome", "failure").count();
        assertEquals(0, failures, "a refusal is not a failed read");

        Api.Response refresh = fx.api.send("POST", "/api/v1/jobs/" + jobs.get(0) + "/refresh", fx.key, null, Map.of());
        assertEquals(429, refresh.status(), refresh.body());
        assertTrue(refresh.contentType().startsWith("application/problem+json"), refresh.contentType());
        JsonNode problem = fx.tree(refresh.body());
        assertEquals("https://jobtower.dev/problems/rate-limited", problem.get("type").getStringValue());
        assertTrue(refresh.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        JsonNode job = fx.tree(fx.api.get("/api/v1/jobs/" + jobs.get(0), fx.key).body());
        assertFalse(job.get("stale").getBooleanValue(), "the refused refresh did not make the job stale: " + job);
    }

    String backoffs() {
        List<String> rows = new ArrayList<>();
        app.bean(dev.jobtower.app.db.Database.class).read(c -> {
            try (var ps = c.prepareStatement("select coalesce(p.poll_backoff::text, '-') from job j left join job_poll p on p.job_id = j.id where j.tenant_id = ?::uuid order by j.id")) {
                ps.setString(1, fx.tenant.toString());
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            return rows.size();
        });
        return String.join(",", rows);
    }
}
