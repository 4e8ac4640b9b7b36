package dev.jobtower.app.jobs.store;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.analytics.DurationGroup;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The duration histogram (kept by trigger) agrees with the exact answer through every kind of job
 * write: inserts, a job finishing, a status moving between terminal ones, deletes (incl. of a
 * bucket's longest job).
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurationHistogramMaintenanceTest extends JobtowerTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    /** A filter the histogram cannot answer, matching everything here: computed from the jobs themselves. */
    private static final JobFilter EXACT = JobFilter.none().withCompleted(Instant.EPOCH, null);

    @Inject
    PostgresJobStore store;
    @Inject
    PostgresJobAnalytics analytics;
    @Inject
    Database db;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;

    private void assertSame(TenantId t, List<GroupKey> groupBy) {
        List<DurationGroup> fast = analytics.durations(t, JobFilter.none(), groupBy);
        List<DurationGroup> exact = analytics.durations(t, EXACT, groupBy);
        assertEquals(exact.size(), fast.size(), fast + " vs " + exact);
        for (int i = 0; i < exact.size(); i++) {
            DurationGroup e = exact.get(i);
            DurationGroup f = fast.get(i);
            assertEquals(e.keys(), f.keys());
            assertEquals(e.count(), f.count(), "count of " + e.keys());
            assertEquals(e.maxSeconds(), f.maxSeconds(), 1e-6, "max of " + e.keys());
            assertTrue(Math.abs(f.p50Seconds() - e.p50Seconds()) <= 0.01 * e.p50Seconds() + 1e-9, "p50 " + f + " vs " + e);
            assertTrue(Math.abs(f.p95Seconds() - e.p95Seconds()) <= 0.01 * e.p95Seconds() + 1e-9, "p95 " + f + " vs " + e);
        }
    }

    private Job record(TenantId t, ConnectionId c, String id, String type, JobStatus status, Duration took) {
        return store.record(t, c, Provider.of("finch"), VendorJob.builder(id).type(type).status(status)
                .createdAt(T0).startedAt(T0.plusSeconds(3)).completedAt(took == null ? null : T0.plusSeconds(3).plus(took))
                .build(), Source.POLL, Instant.now(), true).job();
    }

    @Test
    void the_histogram_follows_every_write() {
        TenantId t = new TenantId(tenancy.createTenant("hist-" + UUID.randomUUID()).tenant().id());
        Connection conn = new Connection(new ConnectionId(UUID.randomUUID()), t, Provider.of("finch"), "test", Instant.now(), null, null);
        connections.create(conn, new ConnectionSecrets("token", null));
        ConnectionId c = conn.id();
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            String type = i % 3 == 0 ? "w4_form_employee_sync" : "data_sync_all";
            JobStatus status = i % 7 == 0 ? JobStatus.FAILED : JobStatus.SUCCEEDED;
            record(t, c, "h-" + i, type, status, Duration.ofMillis((long) (Math.exp(random.nextGaussian() + 5) * 1000)));
        }
        // jobs that finish later (update path), one of them the longest of all
        for (int i = 0; i < 20; i++) {
            record(t, c, "late-" + i, "data_sync_all", JobStatus.RUNNING, null);
            record(t, c, "late-" + i, "data_sync_all", JobStatus.SUCCEEDED, Duration.ofSeconds(i == 0 ? 90_000 : 100 + i));
        }
        assertSame(t, List.of(GroupKey.PROVIDER, GroupKey.TYPE));
        assertSame(t, List.of(GroupKey.STATUS));
        assertSame(t, List.of());
        assertEquals(90_000.0, analytics.durations(t, JobFilter.none(), List.of()).get(0).maxSeconds(), 1e-6);

        // a terminal status corrected by the vendor moves the job between groups
        record(t, c, "late-1", "data_sync_all", JobStatus.FAILED, Duration.ofSeconds(101));
        assertSame(t, List.of(GroupKey.STATUS, GroupKey.TYPE));

        // deletes (e.g. retention), the longest job first: the max is read again
        db.write(conn2 -> {
            try (PreparedStatement ps = conn2.prepareStatement("delete from job where tenant_id = ? and "
                    + "(external_id = 'late-0' or external_id like 'h-1%')")) {
                ps.setObject(1, t.value());
                return ps.executeUpdate();
            }
        });
        assertSame(t, List.of(GroupKey.PROVIDER, GroupKey.TYPE));
        assertSame(t, List.of());
        assertTrue(analytics.durations(t, JobFilter.none(), List.of()).get(0).maxSeconds() < 90_000);
    }

    @Test
    void a_bulk_delete_of_jobs_sharing_a_buckets_max_reads_the_max_again_once_not_per_job() {
        TenantId t = new TenantId(tenancy.createTenant("hist-bulk-" + UUID.randomUUID()).tenant().id());
        Connection conn = new Connection(new ConnectionId(UUID.randomUUID()), t, Provider.of("finch"), "test", Instant.now(), null, null);
        connections.create(conn, new ConnectionSecrets("token", null));
        // 200 jobs of one kind that took exactly as long: one bucket, each of them its max
        for (int i = 0; i < 200; i++) {
            record(t, conn.id(), "same-" + i, "data_sync_all", JobStatus.SUCCEEDED, Duration.ofSeconds(100));
        }
        record(t, conn.id(), "shorter", "data_sync_all", JobStatus.SUCCEEDED, Duration.ofMillis(99_500));
        long scansOfJob = db.write(c -> {
            // scans of the job table, sequential and through any of its indexes, as this backend counts them (its
            // counts not yet reported include earlier transactions: the difference within this one is the delete's)
            String scans = "select pg_stat_get_xact_numscans('job'::regclass) + (select coalesce(sum("
                    + "pg_stat_get_xact_numscans(indexrelid)), 0) from pg_index where indrelid = 'job'::regclass)";
            long before = longOf(c, scans);
            try (PreparedStatement ps = c.prepareStatement("delete from job where tenant_id = ? and external_id like 'same-%' "
                    + "and external_id <> 'same-7'")) {
                ps.setObject(1, t.value());
                assertEquals(199, ps.executeUpdate());
            }
            return longOf(c, scans) - before;
        });
        // row by row, each of the 199 deletes read the bucket's max again from the job table
        assertTrue(scansOfJob <= 5, "scans of the job table during one bulk delete: " + scansOfJob);
        assertSame(t, List.of());
        assertEquals(2, analytics.durations(t, JobFilter.none(), List.of()).get(0).count());
        assertEquals(100.0, analytics.durations(t, JobFilter.none(), List.of()).get(0).maxSeconds(), 1e-6);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from job where tenant_id = ? and external_id = 'same-7'")) {
                ps.setObject(1, t.value());
                return ps.executeUpdate();
            }
        });
        assertSame(t, List.of());
        assertEquals(99.5, analytics.durations(t, JobFilter.none(), List.of()).get(0).maxSeconds(), 1e-6);
    }

    private static long longOf(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
