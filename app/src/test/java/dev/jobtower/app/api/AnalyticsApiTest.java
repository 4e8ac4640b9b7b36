package dev.jobtower.app.api;

import dev.jobtower.app.jobs.overdue.OverdueJob;
import dev.jobtower.app.jobs.overdue.OverdueSweep;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.EventStreamClient;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.VendorJob;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analytics API as a client sees it: durations, timeseries, the completedAfter/completedBefore and
 * overdue filters on list, stats and the event stream, bad input, and the job metrics.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsApiTest extends JobtowerTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PostgresJobStore store;
    @Inject
    OverdueSweep sweep;

    ApiFixture fx;
    ApiFixture.Tenant tenant;
    UUID finch;
    UUID anon;
    Job stuck;
    Job fresh;
    int ids;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jobtower.metrics.active-refresh", "200ms", "jobtower.events.heartbeat", "300ms");
    }

    @BeforeAll
    void seed() {
        fx = new ApiFixture(server.getURL().toString(), json, store);
        tenant = fx.newTenant("analytics");
        finch = fx.newConnection(tenant, "finch", "token-f");
        anon = fx.newConnection(tenant, "anon", "token-a");
        // finch data_sync_all: 40 jobs of 1 … 40 minutes, started T0, every 4th failed
        for (int i = 1; i <= 40; i++) {
            record(finch, Provider.of("finch"), "data_sync_all", i % 4 == 0 ? JobStatus.FAILED : JobStatus.SUCCEEDED,
                    T0, T0.plus(Duration.ofMinutes(i)));
        }
        // anon run: 3 jobs of 2 hours
        for (int i = 0; i < 3; i++) {
            record(anon, Provider.of("anon"), "run", JobStatus.SUCCEEDED, T0, T0.plus(Duration.ofHours(2)));
        }
        stuck = record(anon, Provider.of("anon"), "run", JobStatus.RUNNING, T0, null);
        fresh = record(finch, Provider.of("finch"), "data_sync_all", JobStatus.RUNNING, Instant.now(), null);
    }

    private Job record(UUID connection, Provider provider, String type, JobStatus status, Instant started, Instant completed) {
        return store.record(tenant.tenantId(), new ConnectionId(connection), provider,
                VendorJob.builder("an-" + (++ids)).type(type).status(status).createdAt(started.minusSeconds(10))
                        .startedAt(started).completedAt(completed).build(), Source.POLL, Instant.now(), true).job();
    }

    private JsonNode ok(String path) {
        Api.Response r = fx.api.get(path, tenant.apiKey());
        assertEquals(200, r.status(), path + " → " + r.body());
        return fx.tree(r.body());
    }

    private void bad(String path, String parameter) {
        Api.Response r = fx.api.get(path, tenant.apiKey());
        assertEquals(400, r.status(), path + " → " + r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        List<String> named = new ArrayList<>();
        fx.tree(r.body()).get("errors").values().forEach(e -> named.add(e.get("parameter").getStringValue()));
        assertTrue(named.contains(parameter), path + ": errors " + named + " name " + parameter);
    }

    @Test
    void durations_per_provider_and_type() {
        JsonNode groups = ok("/api/v1/jobs/stats/durations").get("groups");
        assertEquals(2, groups.size(), groups.toString());
        JsonNode a = groups.get(0);
        assertEquals("anon", a.get("provider").getStringValue());
        assertEquals("run", a.get("type").getStringValue());
        assertEquals(3, a.get("count").getIntValue());
        assertEquals(7200.0, a.get("maxSeconds").getDoubleValue(), 1e-6);
        assertEquals(7200.0, a.get("p95Seconds").getDoubleValue(), 0.02 * 7200, "within 2 %");
        JsonNode f = groups.get(1);
        assertEquals("finch", f.get("provider").getStringValue());
        assertEquals(40, f.get("count").getIntValue());
        assertEquals(2400.0, f.get("maxSeconds").getDoubleValue(), 1e-6);
        assertEquals(20.5 * 60, f.get("p50Seconds").getDoubleValue(), 0.02 * 20.5 * 60);
        assertEquals(38.05 * 60, f.get("p95Seconds").getDoubleValue(), 0.02 * 38.05 * 60);

        JsonNode failed = ok("/api/v1/jobs/stats/durations?status=FAILED&groupBy=status").get("groups");
        assertEquals(1, failed.size());
        assertEquals("FAILED", failed.get(0).get("status").getStringValue());
        assertEquals(10, failed.get(0).get("count").getIntValue());
        assertEquals(null, failed.get(0).get("provider"), "only the grouped keys");
    }

    @Test
    void timeseries_has_every_bucket_and_counts_per_status() {
        JsonNode ts = ok("/api/v1/jobs/stats/timeseries?completedAfter=2026-03-02T09:00:00Z"
                + "&completedBefore=2026-03-02T13:00:00Z&interval=hour");
        assertEquals("hour", ts.get("interval").getStringValue());
        assertEquals("completedAt", ts.get("field").getStringValue());
        JsonNode buckets = ts.get("buckets");
        assertEquals(4, buckets.size());
        assertEquals("2026-03-02T09:00:00Z", buckets.get(0).get("start").getStringValue());
        assertEquals("2026-03-02T12:00:00Z", buckets.get(3).get("start").getStringValue());
        // 09:00–10:00: 40 finch jobs (1–40 min): 10 FAILED, 30 SUCCEEDED; 11:00: the 3 anon jobs
        JsonNode first = buckets.get(0).get("groups");
        assertEquals(2, first.size(), first.toString());
        assertEquals("FAILED", first.get(0).get("status").getStringValue());
        assertEquals(10, first.get(0).get("count").getIntValue());
        assertEquals(30, first.get(1).get("count").getIntValue());
        assertEquals(0, buckets.get(1).get("groups").size());
        assertEquals(3, buckets.get(2).get("groups").get(0).get("count").getIntValue());
        assertEquals(0, buckets.get(3).get("groups").size());

        JsonNode created = ok("/api/v1/jobs/stats/timeseries?createdAfter=2026-03-01T00:00:00Z"
                + "&createdBefore=2026-03-03T00:00:00Z&interval=day&field=createdAt&groupBy=provider");
        assertEquals(2, created.get("buckets").size());
        assertEquals(0, created.get("buckets").get(0).get("groups").size());
        JsonNode day = created.get("buckets").get(1).get("groups");
        assertEquals("anon", day.get(0).get("provider").getStringValue());
        assertEquals(4, day.get(0).get("count").getIntValue());
        assertEquals(40, day.get(1).get("count").getIntValue());
    }

    @Test
    void bad_analytics_input_is_a_problem_naming_the_parameter() {
        bad("/api/v1/jobs/stats/timeseries", "createdAfter");
        bad("/api/v1/jobs/stats/timeseries?completedAfter=2026-01-01T00:00:00Z&completedBefore=2026-03-01T00:00:00Z",
                "interval");   // 1 416 hours
        bad("/api/v1/jobs/stats/timeseries?completedAfter=2026-03-01T00:00:00Z&interval=week", "interval");
        bad("/api/v1/jobs/stats/timeseries?completedAfter=2026-03-01T00:00:00Z&field=updatedAt", "field");
        bad("/api/v1/jobs/stats/timeseries?completedAfter=yesterday", "completedAfter");
        bad("/api/v1/jobs/stats/durations?groupBy=colour", "groupBy");
        bad("/api/v1/jobs/stats/durations?overdue=maybe", "overdue");
        bad("/api/v1/jobs?completedBefore=soon", "completedBefore");
        bad("/api/v1/jobs/stats?overdue=1", "overdue");
        bad("/api/v1/jobs/stats/durations?bucket=1", "bucket");
        assertEquals(401, fx.api.get("/api/v1/jobs/stats/durations", null).status());
        // 1000 daily buckets are answered
        JsonNode ts = ok("/api/v1/jobs/stats/timeseries?createdAfter=2024-01-01T00:00:00Z"
                + "&createdBefore=2026-09-27T00:00:00Z&interval=day&field=createdAt");
        assertEquals(1000, ts.get("buckets").size());
    }

    @Test
    void completed_filters_on_the_list_and_stats() {
        JsonNode list = ok("/api/v1/jobs?completedAfter=2026-03-02T09:00:00Z&completedBefore=2026-03-02T09:10:00Z&limit=100");
        assertEquals(9, list.get("items").size(), "completed at 09:01 … 09:09");
        JsonNode stats = ok("/api/v1/jobs/stats?completedAfter=2026-03-02T10:00:00Z&groupBy=provider");
        assertEquals(3, stats.get("total").getIntValue());
    }

    @Test
    void an_overdue_job_is_flagged_filtered_and_streamed_once() {
        EventStreamClient s = EventStreamClient.open(server.getURL().toString(), "/api/v1/jobs/events?overdue=true",
                tenant.apiKey(), Map.of());
        try {
            assertEquals(200, s.status, s.body);
            await().atMost(Duration.ofSeconds(5)).until(s::live);
            JsonNode before = ok("/api/v1/jobs/" + stuck.id());
            assertFalse(before.get("overdue").getBooleanValue());

            // now: the stuck anon run started at T0, far past 24 h (3 anon runs finished: below 20, the default)
            List<OverdueJob> marked = sweep.sweep(Instant.now()).stream()
                    .filter(j -> j.tenantId().equals(tenant.tenantId())).toList();
            assertEquals(List.of(stuck.id()), marked.stream().map(OverdueJob::id).toList());

            JsonNode job = ok("/api/v1/jobs/" + stuck.id());
            assertTrue(job.get("overdue").getBooleanValue());
            assertEquals("2026-03-03T09:00:00Z", job.get("overdueSince").getStringValue());
            JsonNode overdueList = ok("/api/v1/jobs?overdue=true").get("items");
            assertEquals(1, overdueList.size());
            assertEquals(stuck.id().toString(), overdueList.get(0).get("id").getStringValue());
            assertTrue(overdueList.get(0).get("overdue").getBooleanValue());
            assertEquals(1, ok("/api/v1/jobs/stats?overdue=true").get("total").getIntValue());
            assertEquals(44, ok("/api/v1/jobs/stats?overdue=false").get("total").getIntValue());
            assertFalse(ok("/api/v1/jobs?overdue=false&limit=200").toString().contains(stuck.id().toString()));

            await().atMost(Duration.ofSeconds(3)).until(() -> !s.mentioning(stuck.id().toString()).isEmpty());
            assertTrue(fx.tree(s.mentioning(stuck.id().toString()).get(0).data()).get("overdue").getBooleanValue());
            // a later sweep changes nothing, and a non-overdue change is not streamed on overdue=true
            assertEquals(List.of(), sweep.sweep(Instant.now()).stream().filter(j -> j.tenantId().equals(tenant.tenantId())).toList());
            Job other = record(finch, Provider.of("finch"), "data_sync_all", JobStatus.QUEUED, Instant.now(), null);
            EventStreamClient all = EventStreamClient.open(server.getURL().toString(), "/api/v1/jobs/events",
                    tenant.apiKey(), Map.of("Last-Event-ID", "0"));
            try {
                await().atMost(Duration.ofSeconds(3)).until(() -> !all.mentioning(other.id().toString()).isEmpty());
            } finally {
                all.close();
            }
            assertEquals(1, s.mentioning(stuck.id().toString()).size(), "one change");
            assertTrue(s.mentioning(other.id().toString()).isEmpty());
        } finally {
            s.close();
        }
    }

    @Test
    void metrics_carry_job_durations_and_active_jobs_without_ids() {
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.api.get("/metrics", null).body()
                .contains("jobtower_jobs_active{provider=\"anon\",status=\"RUNNING\"}"));
        String metrics = fx.api.get("/metrics", null).body();
        assertTrue(metrics.contains("jobtower_job_duration_seconds_bucket{provider=\"finch\",status=\"SUCCEEDED\""), metrics);
        assertTrue(metrics.contains("jobtower_job_duration_seconds_count{provider=\"finch\",status=\"FAILED\"}"), metrics);
        assertFalse(metrics.contains(tenant.id().toString()));
        assertFalse(metrics.contains(finch.toString()));
        assertFalse(metrics.contains(stuck.id().toString()));
    }
}
