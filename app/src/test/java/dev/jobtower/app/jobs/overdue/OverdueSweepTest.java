package dev.jobtower.app.jobs.overdue;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.jobs.store.PostgresJobStore;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
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
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overdue rule at its boundaries, with the sweep run at chosen instants (the clock moved by the
 * test): 19 vs 20 finished jobs, the factor, the default, and a job becoming overdue exactly once.
 *
 * <p>The sweep covers every tenant, so each test works in its own tenant and at its own epoch, later
 * than every earlier test's sweeps (a sweep never reaches a later test's jobs).
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverdueSweepTest extends JobtowerTest {
    private static final AtomicInteger EPOCHS = new AtomicInteger();
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration MICRO = Duration.ofNanos(1000);

    @Inject
    OverdueSweep sweep;
    @Inject
    PostgresJobStore store;
    @Inject
    Database db;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;

    /** A fresh epoch: 60 days after the previous test's. */
    private static Instant epoch() {
        return Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(60L * EPOCHS.incrementAndGet()));
    }

    private TenantId tenant() {
        return new TenantId(tenancy.createTenant("overdue-" + UUID.randomUUID()).tenant().id());
    }

    private ConnectionId connection(TenantId t, Provider p) {
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), t, p, "test", Instant.now(), null, null);
        connections.create(c, new ConnectionSecrets("token", null));
        return c.id();
    }

    private Job running(TenantId t, ConnectionId c, String type, Instant started) {
        return store.record(t, c, Provider.of("finch"), VendorJob.builder("o-" + IDS.incrementAndGet()).type(type)
                .status(JobStatus.RUNNING).createdAt(started.minusSeconds(30)).startedAt(started).build(),
                Source.POLL, Instant.now(), true).job();
    }

    /** {@code n} jobs of {@code type} that each took {@code took}, finished at {@code at}. */
    private void finished(TenantId t, ConnectionId c, String type, int n, Instant at, Duration took) {
        for (int i = 0; i < n; i++) {
            store.record(t, c, Provider.of("finch"), VendorJob.builder("f-" + IDS.incrementAndGet()).type(type)
                    .status(JobStatus.SUCCEEDED).createdAt(at.minus(took).minusSeconds(1)).startedAt(at.minus(took))
                    .completedAt(at).build(), Source.POLL, Instant.now(), true);
        }
    }

    private List<OverdueJob> sweepAt(Instant now, TenantId t) {
        return sweep.sweep(now).stream().filter(j -> j.tenantId().equals(t)).toList();
    }

    private Job reload(TenantId t, Job job) {
        return store.find(t, job.id()).orElseThrow();
    }

    @Test
    void without_a_baseline_the_default_of_24_hours_applies_and_overdue_means_strictly_past_it() {
        Instant base = epoch();
        TenantId t = tenant();
        ConnectionId c = connection(t, Provider.of("finch"));
        Job job = running(t, c, "data_sync_all", base);

        assertEquals(List.of(), sweepAt(base.plus(Duration.ofHours(24)), t), "an age of exactly 24 h is not past it");
        assertFalse(reload(t, job).overdue());

        List<OverdueJob> marked = sweepAt(base.plus(Duration.ofHours(24)).plus(MICRO), t);
        assertEquals(List.of(job.id()), marked.stream().map(OverdueJob::id).toList());
        Job overdue = reload(t, job);
        assertTrue(overdue.overdue());
        assertEquals(base.plus(Duration.ofHours(24)), overdue.overdueSince(), "overdue since start + deadline");
        assertEquals(job.updatedAt(), overdue.updatedAt(), "not a vendor change: updatedAt stays");
        assertEquals(1, store.history(t, job.id()).size(), "not a history row");
    }

    @Test
    void nineteen_finished_jobs_are_no_baseline_and_twenty_are() {
        Instant base = epoch();
        TenantId t = tenant();
        ConnectionId c = connection(t, Provider.of("finch"));
        // 19 jobs of 10 minutes finished within the week before: still the 24 h default
        finished(t, c, "nineteen", 19, base.minus(Duration.ofDays(1)), Duration.ofMinutes(10));
        Job few = running(t, c, "nineteen", base);
        // 20 jobs of 10 minutes: the deadline is 3 × 10 min
        finished(t, c, "twenty", 20, base.minus(Duration.ofDays(1)), Duration.ofMinutes(10));
        Job enough = running(t, c, "twenty", base);

        assertEquals(List.of(), sweepAt(base.plus(Duration.ofMinutes(30)), t));
        List<OverdueJob> marked = sweepAt(base.plus(Duration.ofMinutes(30)).plus(MICRO), t);
        assertEquals(List.of(enough.id()), marked.stream().map(OverdueJob::id).toList());
        assertEquals(base.plus(Duration.ofMinutes(30)), reload(t, enough).overdueSince());
        assertFalse(reload(t, few).overdue(), "19 finished: the default applies");

        assertEquals(List.of(), sweepAt(base.plus(Duration.ofHours(24)), t));
        assertEquals(List.of(few.id()), sweepAt(base.plus(Duration.ofHours(24)).plus(MICRO), t).stream()
                .map(OverdueJob::id).toList());
    }

    @Test
    void the_baseline_is_the_p95_of_the_last_7_days_of_the_same_tenant_provider_and_type() {
        Instant base = epoch();
        TenantId t = tenant();
        ConnectionId c = connection(t, Provider.of("finch"));
        // finished 8 days ago: outside the window, so no baseline
        finished(t, c, "old", 25, base.minus(Duration.ofDays(8)), Duration.ofMinutes(1));
        Job old = running(t, c, "old", base);
        // another tenant's jobs of the same type give this tenant no baseline
        TenantId other = tenant();
        finished(other, connection(other, Provider.of("finch")), "theirs", 25, base.minus(Duration.ofHours(1)), Duration.ofMinutes(1));
        Job mine = running(t, c, "theirs", base);
        // 100 jobs: 95 of 100 s and 5 of 1000 s: p95 interpolates between 100 and 1000 (percentile_cont)
        finished(t, c, "mixed", 95, base.minus(Duration.ofHours(2)), Duration.ofSeconds(100));
        finished(t, c, "mixed", 5, base.minus(Duration.ofHours(2)), Duration.ofSeconds(1000));
        Job mixed = running(t, c, "mixed", base);

        List<OverdueJob> marked = sweepAt(base.plus(Duration.ofHours(2)), t);
        assertEquals(List.of(mixed.id()), marked.stream().map(OverdueJob::id).toList());
        // p95 of 95 × 100 s and 5 × 1000 s = 100 + 0.05 × 900 = 145 s; × 3 = 435 s
        assertEquals(base.plusSeconds(435), reload(t, mixed).overdueSince());
        assertFalse(reload(t, old).overdue());
        assertFalse(reload(t, mine).overdue());
    }

    @Test
    void the_factor_multiplies_the_baseline() {
        Instant base = epoch();
        TenantId t = tenant();
        ConnectionId c = connection(t, Provider.of("finch"));
        finished(t, c, "factor", 20, base.minus(Duration.ofDays(1)), Duration.ofMinutes(10));
        Job job = running(t, c, "factor", base);
        OverdueSweep twice = new OverdueSweep(db, new OverdueSettings(2, Duration.ofHours(24), Duration.ofMinutes(1)), List.of());
        assertEquals(List.of(), twice.sweep(base.plus(Duration.ofMinutes(20))).stream()
                .filter(j -> j.tenantId().equals(t)).toList());
        assertEquals(List.of(job.id()), twice.sweep(base.plus(Duration.ofMinutes(20)).plus(MICRO)).stream()
                .filter(j -> j.tenantId().equals(t)).map(OverdueJob::id).toList());
    }

    @Test
    void a_job_that_becomes_overdue_is_announced_once_to_the_endpoints_that_want_job_overdue() {
        Instant base = epoch();
        TenantId t = tenant();
        ConnectionId c = connection(t, Provider.of("finch"));
        Job job = running(t, c, "announced", base);
        UUID wantsOverdue = endpoint(t, "{job.overdue}");
        UUID wantsChanges = endpoint(t, "{job.status_changed}");

        sweepAt(base.plus(Duration.ofDays(2)), t);
        sweepAt(base.plus(Duration.ofDays(3)), t);

        assertEquals(1, messages(wantsOverdue, job), "one job.overdue message, written with the mark");
        assertEquals(0, messages(wantsChanges, job), "an endpoint without job.overdue gets none");
    }

    private UUID endpoint(TenantId t, String events) {
        UUID id = UUID.randomUUID();
        db.write(conn -> {
            try (var ps = conn.prepareStatement("insert into webhook_endpoint (id, tenant_id, url, events, enabled, secret, created_at) "
                    + "values (?, ?, 'https://receiver.example/hook', ?::text[], true, '\\x00', now())")) {
                ps.setObject(1, id);
                ps.setObject(2, t.value());
                ps.setString(3, events);
                return ps.executeUpdate();
            }
        });
        return id;
    }

    private long messages(UUID endpoint, Job job) {
        return db.read(conn -> {
            try (var ps = conn.prepareStatement("select count(*) from webhook_message where endpoint_id = ? and job_id = ? "
                    + "and event_type = 'job.overdue'")) {
                ps.setObject(1, endpoint);
                ps.setObject(2, job.id().value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void a_job_becomes_overdue_exactly_once_even_with_sweeps_side_by_side() throws Exception {
        Instant base = epoch();
        TenantId t = tenant();
        ConnectionId c = connection(t, Provider.of("finch"));
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(running(t, c, "once", base));
        }
        long seqBefore = changeSeq(jobs.get(0));
        Instant late = base.plus(Duration.ofDays(2));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<OverdueJob>>> sweeps = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sweeps.add(() -> sweepAt(late, t));
            }
            int total = 0;
            for (Future<List<OverdueJob>> f : pool.invokeAll(sweeps)) {
                total += f.get().size();
            }
            total += sweepAt(late.plus(Duration.ofHours(1)), t).size();   // and again later
            assertEquals(5, total, "each job marked once over all sweeps");
        } finally {
            pool.shutdownNow();
        }
        long seqAfter = changeSeq(jobs.get(0));
        assertTrue(seqAfter > seqBefore, "becoming overdue is a change for the event stream");
        assertEquals(List.of(), sweepAt(late.plus(Duration.ofDays(1)), t));
        assertEquals(seqAfter, changeSeq(jobs.get(0)), "one change only");
    }

    @Test
    void a_finished_job_is_neither_overdue_nor_marked() {
        Instant base = epoch();
        TenantId t = tenant();
        ConnectionId c = connection(t, Provider.of("finch"));
        Job job = running(t, c, "finishing", base);
        assertEquals(1, sweepAt(base.plus(Duration.ofDays(2)), t).size());
        Job done = store.record(t, c, Provider.of("finch"), VendorJob.builder(job.externalId()).type("finishing")
                .status(JobStatus.SUCCEEDED).createdAt(job.createdAt()).startedAt(base)
                .completedAt(base.plus(Duration.ofDays(2))).build(), Source.POLL, Instant.now(), true).job();
        assertFalse(done.overdue(), "a finished job is not overdue");
        assertEquals(base.plus(Duration.ofHours(24)), reload(t, job).overdueSince(), "the mark is kept as a fact");
        Job neverMarked = store.record(t, c, Provider.of("finch"), VendorJob.builder("done-early").type("finishing")
                .status(JobStatus.FAILED).createdAt(base).completedAt(base.plusSeconds(5)).build(),
                Source.POLL, Instant.now(), true).job();
        assertEquals(List.of(), sweepAt(base.plus(Duration.ofDays(5)), t));
        assertNull(reload(t, neverMarked).overdueSince());
    }

    private long changeSeq(Job job) {
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("select change_seq from job where id = ?")) {
                ps.setObject(1, job.id().value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
