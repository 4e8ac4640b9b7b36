package dev.jobtower.app.retention;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.Api;
import dev.jobtower.app.support.CountsTable;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.support.MovableClock;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention on a clock the test moves: what goes (terminal jobs with their history, payloads and counts;
 * raw payloads; processed webhook rows; answered Idempotency-Keys), what stays (every non-terminal job,
 * however old; unprocessed webhooks; keys in flight; everything younger than its window), counts equal
 * to COUNT(*) afterwards, and no transaction deleting more than the batch.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionTest extends JobtowerTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final int BATCH = 3;

    @Factory
    @Requires(property = "test.retention-clock", value = "true")
    static class ClockReplacement {
        static final MovableClock CLOCK = new MovableClock(T0);

        @Singleton
        @Replaces(Clock.class)
        Clock clock() {
            return CLOCK;
        }
    }

    @Inject
    EmbeddedServer server;
    @Inject
    PostgresJobStore store;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;
    @Inject
    Database db;
    @Inject
    RetentionSweep sweep;

    final MovableClock clock = ClockReplacement.CLOCK;
    Api api;
    String key;
    TenantId tenant;
    ConnectionId connection;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("test.retention-clock", "true", "jobtower.retention.enabled", "false",
                "jobtower.retention.terminal-jobs", "90d", "jobtower.retention.raw", "30d",
                "jobtower.webhooks.retention", "7d", "jobtower.idempotency.retention", "24h",
                "jobtower.retention.batch", Integer.toString(BATCH));
    }

    @BeforeEach
    void setUp() {
        clock.set(T0);
        // each test starts from nothing (the database is shared by this class's tests)
        db.write(c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate("delete from job; delete from webhook_inbox; delete from idempotency_key");
            }
        });
        api = new Api(server.getURL().toString());
        Tenancy.NewTenant t = tenancy.createTenant("retention-" + UUID.randomUUID());
        key = t.key().apiKey();
        tenant = new TenantId(t.tenant().id());
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, Provider.of("finch"), "c", clock.instant(), null, null);
        connections.create(c, new ConnectionSecrets("t", null));
        connection = c.id();
    }

    String job(String externalId, JobStatus status) {
        return store.record(tenant, connection, Provider.of("finch"), VendorJob.builder(externalId).type("data_sync_all")
                        .status(status).rawPayload("{\"job_id\":\"" + externalId + "\"}").build(),
                Source.POLL, clock.instant(), true).job().id().value().toString();
    }

    @Test
    void terminal_jobs_go_after_their_window_with_history_and_payload_and_counts_follow() {
        List<String> oldTerminal = new ArrayList<>();
        for (JobStatus s : List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.SUCCEEDED,
                JobStatus.FAILED, JobStatus.SUCCEEDED, JobStatus.FAILED)) {
            oldTerminal.add(job("old-" + oldTerminal.size(), s));
        }
        List<String> oldLive = new ArrayList<>();
        for (JobStatus s : List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.WAITING, JobStatus.UNKNOWN)) {
            oldLive.add(job("live-" + oldLive.size(), s));
        }
        clock.advance(Duration.ofDays(60));
        String youngTerminal = job("young", JobStatus.SUCCEEDED);
        clock.advance(Duration.ofDays(31)); // old ones are 91 days past their last change, the young one 31

        RetentionSweep.Result result = sweep.sweep();

        assertEquals(7, result.jobs());
        for (String id : oldTerminal) {
            assertEquals(404, api.get("/api/v1/jobs/" + id, key).status(), "an old terminal job is gone");
            assertEquals(0L, scalar("select count(*) from job_history where job_id = '" + id + "'"));
            assertEquals(0L, scalar("select count(*) from job_payload where job_id = '" + id + "'"));
        }
        for (String id : oldLive) {
            assertEquals(200, api.get("/api/v1/jobs/" + id, key).status(), "a non-terminal job is never deleted");
        }
        assertEquals(200, api.get("/api/v1/jobs/" + youngTerminal, key).status());
        assertEquals(5L, scalar("select count(*) from job where tenant_id = '" + tenant.value() + "'"));
        Api.Response stats = api.get("/api/v1/jobs/stats", key);
        assertTrue(stats.body().contains("\"total\":5"), stats.body());
        assertCountsEqualCountStar();
        assertEquals(0, sweep.sweep().jobs(), "nothing more is due");
    }

    @Test
    void raw_answers_410_gone_after_its_window_and_the_payload_is_dropped_but_the_job_stays() {
        String finished = job("raw-done", JobStatus.SUCCEEDED);
        String running = job("raw-running", JobStatus.RUNNING);
        clock.advance(Duration.ofDays(29));
        assertEquals(200, api.get("/api/v1/jobs/" + finished + "/raw", key).status(), "within its window");
        assertEquals(0, sweep.sweep().payloads());
        clock.advance(Duration.ofDays(2));

        Api.Response gone = api.get("/api/v1/jobs/" + finished + "/raw", key);
        assertEquals(410, gone.status(), gone.body());
        assertTrue(gone.contentType().startsWith("application/problem+json"), gone.contentType());
        assertTrue(gone.body().contains("\"type\":\"https://jobtower.dev/problems/gone\""), gone.body());
        assertTrue(sweep.sweep().payloads() >= 1);
        assertEquals(0L, scalar("select count(*) from job_payload where job_id = '" + finished + "'"));
        assertEquals(1L, scalar("select count(*) from job_payload where job_id = '" + running + "'"), "a running job keeps its payload");
        assertEquals(200, api.get("/api/v1/jobs/" + running + "/raw", key).status());
        assertEquals(200, api.get("/api/v1/jobs/" + finished, key).status(), "the job itself stays (terminal-jobs window is 90d)");
        assertEquals(410, api.get("/api/v1/jobs/" + finished + "/raw", key).status());
        assertEquals(0, sweep.sweep().payloads(), "a dropped payload is not looked at again");
    }

    @Test
    void processed_webhooks_go_after_7_days_unprocessed_ones_stay() {
        Instant now = clock.instant();
        for (int i = 0; i < 7; i++) {
            inbox("old-" + i, now.minus(Duration.ofDays(8)), now.minus(Duration.ofDays(8)));
        }
        inbox("recent", now.minus(Duration.ofDays(6)), now.minus(Duration.ofDays(6)));
        inbox("unprocessed", now.minus(Duration.ofDays(30)), null);

        RetentionSweep.Result result = sweep.sweep();

        assertEquals(7, result.webhooks());
        assertEquals(List.of("recent", "unprocessed"), strings("select event_id from webhook_inbox where connection_id = '"
                + connection.value() + "' order by event_id"));
    }

    @Test
    void idempotency_answers_go_after_24_hours_an_in_doubt_create_stays() {
        Instant now = clock.instant();
        idempotency("old-answered", now.minus(Duration.ofHours(25)), 201, false, null);
        idempotency("old-released", now.minus(Duration.ofHours(25)), null, true, null);
        idempotency("old-abandoned", now.minus(Duration.ofHours(25)), null, false, null);
        idempotency("old-in-doubt", now.minus(Duration.ofHours(25)), null, true, "vendor-job-1");
        idempotency("young", now.minus(Duration.ofHours(23)), 201, false, null);

        assertEquals(3, sweep.sweep().idempotencyKeys());
        assertEquals(List.of("old-in-doubt", "young"), strings("select key from idempotency_key where tenant_id = '"
                + tenant.value() + "' order by key"));
    }

    @Test
    void no_transaction_deletes_more_than_the_batch() throws Exception {
        for (int i = 0; i < 3 * BATCH + 1; i++) {
            job("batch-" + i, JobStatus.FAILED);
        }
        clock.advance(Duration.ofDays(91));

        assertEquals(BATCH, sweep.deleteTerminalJobs(clock.instant().minus(Duration.ofDays(90))), "one transaction, one batch");
        RetentionSweep.Result rest = sweep.sweep();
        assertEquals(2 * BATCH + 1, rest.jobs());
        assertTrue(rest.batches() >= 3, "the rest took several transactions: " + rest.batches());
        assertCountsEqualCountStar();
    }

    /** A batch in progress (its deletes not committed yet) holds row locks: reads of those very rows still answer at once. */
    @Test
    void a_batch_in_progress_does_not_block_reads() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            ids.add(job("open-" + i, JobStatus.SUCCEEDED));
        }
        clock.advance(Duration.ofDays(91));
        String url = db.read(c -> c.getMetaData().getURL());
        try (java.sql.Connection batch = java.sql.DriverManager.getConnection(url, "postgres", "")) {
            batch.setAutoCommit(false);
            try (PreparedStatement ps = batch.prepareStatement("delete from job where id = any(?)")) {
                ps.setArray(1, batch.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
                assertEquals(BATCH, ps.executeUpdate());
            }

            for (String id : ids) {
                assertEquals(200, api.get("/api/v1/jobs/" + id, key).status());
                assertEquals(200, api.get("/api/v1/jobs/" + id + "/history", key).status());
            }
            Api.Response stats = api.get("/api/v1/jobs/stats", key);
            assertTrue(stats.body().contains("\"total\":" + BATCH), stats.body());
            assertEquals(200, api.get("/api/v1/jobs?status=SUCCEEDED", key).status());
            // had any read waited for the batch's locks it would still be waiting: the batch ends only here
            batch.rollback();
        }
    }

    /** Two instances sweeping at once share the work: every due job goes exactly once, no error, counts exact. */
    @Test
    void two_sweeps_at_once_share_the_work() throws Exception {
        int due = 12 * BATCH + 1;
        for (int i = 0; i < due; i++) {
            job("shared-" + i, i % 2 == 0 ? JobStatus.SUCCEEDED : JobStatus.FAILED);
        }
        job("live", JobStatus.RUNNING);
        clock.advance(Duration.ofDays(91));
        RetentionSweep other = new RetentionSweep(db, new RetentionSettings(Duration.ofDays(90), Duration.ofDays(30),
                Duration.ofDays(7), Duration.ofHours(24), BATCH, 1000), clock);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);

        java.util.concurrent.CompletableFuture<RetentionSweep.Result> one = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            awaitQuietly(go);
            return sweep.sweep();
        });
        java.util.concurrent.CompletableFuture<RetentionSweep.Result> two = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            awaitQuietly(go);
            return other.sweep();
        });
        go.countDown();
        int deleted = one.get(60, java.util.concurrent.TimeUnit.SECONDS).jobs() + two.get(60, java.util.concurrent.TimeUnit.SECONDS).jobs();
        deleted += sweep.sweep().jobs(); // a run may stop at its per-run bound while the other still held rows

        assertEquals(due, deleted);
        assertEquals(1L, scalar("select count(*) from job"));
        assertCountsEqualCountStar();
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_zero_window_keeps_forever() {
        RetentionSettings keep = new RetentionSettings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 10, 10);
        assertTrue(keep.terminalJobs().isEmpty() && keep.raw().isEmpty() && keep.webhooks().isEmpty()
                && keep.idempotency().isEmpty());
        String id = job("kept", JobStatus.SUCCEEDED);
        clock.advance(Duration.ofDays(10_000));
        RetentionSweep.Result result = new RetentionSweep(db, keep, clock).sweep();
        assertEquals(0, result.total());
        assertEquals(1L, scalar("select count(*) from job_payload where job_id = '" + id + "'"));
    }

    @Test
    void a_plain_0_in_the_environment_reads_as_keep_forever() {
        assertEquals(Duration.ZERO, RetentionSettings.window("x", "0", conversions), "JOBTOWER_RETENTION_TERMINAL_JOBS=0 as the README says");
        assertEquals(Duration.ZERO, RetentionSettings.window("x", "0s", conversions));
        assertEquals(Duration.ofDays(30), RetentionSettings.window("x", "30d", conversions));
        assertEquals(Duration.ofHours(24), RetentionSettings.window("x", "24h", conversions));
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RetentionSettings.window("jobtower.retention.raw", "a month", conversions));
        assertTrue(bad.getMessage().contains("jobtower.retention.raw"), bad.getMessage());
    }

    @Inject
    io.micronaut.core.convert.ConversionService conversions;

    void inbox(String eventId, Instant receivedAt, Instant processedAt) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into webhook_inbox (connection_id, event_id, provider, "
                    + "received_at, signal, processed_at) values (?, ?, 'finch', ?, '{}'::jsonb, ?)")) {
                ps.setObject(1, connection.value());
                ps.setString(2, eventId);
                ps.setTimestamp(3, Timestamp.from(receivedAt));
                ps.setTimestamp(4, processedAt == null ? null : Timestamp.from(processedAt));
                return ps.executeUpdate();
            }
        });
    }

    void idempotency(String k, Instant createdAt, Integer status, boolean released, String pendingExternalId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into idempotency_key (tenant_id, key, request_hash, "
                    + "status_code, response_body, created_at, released, pending_external_id) "
                    + "values (?, ?, '\\x00'::bytea, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, tenant.value());
                ps.setString(2, k);
                ps.setObject(3, status);
                ps.setString(4, status == null ? null : "{}");
                ps.setTimestamp(5, Timestamp.from(createdAt));
                ps.setBoolean(6, released);
                ps.setString(7, pendingExternalId);
                return ps.executeUpdate();
            }
        });
    }

    long scalar(String sql) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    List<String> strings(String sql) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    void assertCountsEqualCountStar() {
        assertEquals(CountsTable.fromJobs(db), CountsTable.fromCounts(db));
    }
}
