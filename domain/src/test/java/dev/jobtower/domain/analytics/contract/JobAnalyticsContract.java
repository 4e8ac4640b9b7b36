package dev.jobtower.domain.analytics.contract;

import dev.jobtower.domain.analytics.Bucket;
import dev.jobtower.domain.analytics.DurationGroup;
import dev.jobtower.domain.analytics.Interval;
import dev.jobtower.domain.analytics.JobAnalytics;
import dev.jobtower.domain.analytics.TimeField;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobStats;
import dev.jobtower.domain.query.JobStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every {@link JobAnalytics} shares, written once: durations with exact counts and
 * max and percentiles within 2 %, timeseries with every bucket of the window, the list's filters,
 * tenant scope. Jobs are written through the implementation's {@link JobStore} with known times.
 */
public interface JobAnalyticsContract {

    JobStore store();

    JobAnalytics analytics();

    TenantId newTenant();

    ConnectionId newConnection(TenantId tenant, Provider provider);

    Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    AtomicInteger IDS = new AtomicInteger();

    /** A job that started at {@code started} (created 5 s before) and finished {@code took} later. */
    private void finished(TenantId t, ConnectionId c, Provider p, String type, JobStatus status, Instant started,
                          Duration took) {
        store().record(t, c, p, VendorJob.builder("a-" + IDS.incrementAndGet()).type(type).status(status)
                .createdAt(started.minusSeconds(5)).startedAt(started).completedAt(started.plus(took)).build(),
                Source.POLL, Instant.now(), true);
    }

    private void running(TenantId t, ConnectionId c, Provider p, String type, Instant created) {
        store().record(t, c, p, VendorJob.builder("a-" + IDS.incrementAndGet()).type(type).status(JobStatus.RUNNING)
                .createdAt(created).build(), Source.POLL, Instant.now(), true);
    }

    private static void within2Percent(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= 0.02 * expected, what + ": expected " + expected + " ± 2 %, was " + actual);
    }

    @Test
    default void durations_have_exact_counts_and_max_and_percentiles_within_2_percent() {
        TenantId t = newTenant();
        ConnectionId finch = newConnection(t, Provider.of("finch"));
        ConnectionId anon = newConnection(t, Provider.of("anon"));
        // finch data_sync_all: 1 s … 200 s; anon run: 10 × 60 s; unfinished and untimed jobs don't count
        for (int i = 1; i <= 200; i++) {
            finished(t, finch, Provider.of("finch"), "data_sync_all", i % 10 == 0 ? JobStatus.FAILED : JobStatus.SUCCEEDED,
                    T0.plusSeconds(i * 7L), Duration.ofSeconds(i));
        }
        for (int i = 0; i < 10; i++) {
            finished(t, anon, Provider.of("anon"), "run", JobStatus.SUCCEEDED, T0, Duration.ofSeconds(60));
        }
        running(t, finch, Provider.of("finch"), "data_sync_all", T0);

        List<DurationGroup> groups = analytics().durations(t, JobFilter.none(), List.of(GroupKey.PROVIDER, GroupKey.TYPE));
        assertEquals(2, groups.size(), groups.toString());
        DurationGroup a = groups.get(0);
        assertEquals(Map.of(GroupKey.PROVIDER, "anon", GroupKey.TYPE, "run"), a.keys());
        assertEquals(10, a.count());
        assertEquals(60.0, a.maxSeconds(), 1e-6);
        within2Percent(60, a.p50Seconds(), "anon p50");
        within2Percent(60, a.p95Seconds(), "anon p95");
        DurationGroup f = groups.get(1);
        assertEquals(Map.of(GroupKey.PROVIDER, "finch", GroupKey.TYPE, "data_sync_all"), f.keys());
        assertEquals(200, f.count());
        assertEquals(200.0, f.maxSeconds(), 1e-6);
        within2Percent(100.5, f.p50Seconds(), "finch p50");
        within2Percent(190.05, f.p95Seconds(), "finch p95");

        // the list's filters and other groupings
        List<DurationGroup> failed = analytics().durations(t, JobFilter.none().withStatuses(Set.of(JobStatus.FAILED)),
                List.of(GroupKey.STATUS));
        assertEquals(1, failed.size());
        assertEquals(20, failed.get(0).count());
        assertEquals(200.0, failed.get(0).maxSeconds(), 1e-6);
        within2Percent(105, failed.get(0).p50Seconds(), "failed p50");
        // completed in the first 100 finch jobs' range: started T0+7i, finished T0+8i, i ≤ 100
        List<DurationGroup> early = analytics().durations(t, JobFilter.none().withCompleted(T0, T0.plusSeconds(801)),
                List.of(GroupKey.PROVIDER));
        assertEquals(Map.of(GroupKey.PROVIDER, "anon"), early.get(0).keys());
        assertEquals(10, early.get(0).count());
        assertEquals(100, early.get(1).count());
        assertEquals(100.0, early.get(1).maxSeconds(), 1e-6);
        // one group over everything
        List<DurationGroup> all = analytics().durations(t, JobFilter.none(), List.of());
        assertEquals(1, all.size());
        assertEquals(210, all.get(0).count());
        // another tenant sees none of it
        assertEquals(List.of(), analytics().durations(newTenant(), JobFilter.none(), List.of(GroupKey.PROVIDER)));
    }

    @Test
    default void a_duration_without_a_start_counts_from_creation() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("invopop"));
        store().record(t, c, Provider.of("invopop"), VendorJob.builder("no-start").type("transform").status(JobStatus.SUCCEEDED)
                .createdAt(T0).completedAt(T0.plusSeconds(90)).build(), Source.POLL, Instant.now(), true);
        List<DurationGroup> groups = analytics().durations(t, JobFilter.none(), List.of(GroupKey.PROVIDER, GroupKey.TYPE));
        assertEquals(1, groups.size());
        assertEquals(90.0, groups.get(0).maxSeconds(), 1e-6);
        assertEquals(90.0, groups.get(0).p50Seconds(), 1e-6);
    }

    @Test
    default void a_timeseries_has_every_bucket_of_the_window_with_exact_counts() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        finished(t, c, Provider.of("finch"), "data_sync_all", JobStatus.SUCCEEDED, T0, Duration.ofMinutes(10));
        finished(t, c, Provider.of("finch"), "data_sync_all", JobStatus.SUCCEEDED, T0, Duration.ofMinutes(59));
        finished(t, c, Provider.of("finch"), "data_sync_all", JobStatus.FAILED, T0, Duration.ofMinutes(125));
        finished(t, c, Provider.of("finch"), "data_sync_all", JobStatus.FAILED, T0, Duration.ofHours(4)); // outside [T0, T0+4h)
        running(t, c, Provider.of("finch"), "data_sync_all", T0.plusSeconds(30));

        List<Bucket> hours = analytics().timeseries(t, JobFilter.none(), TimeField.COMPLETED_AT, Interval.HOUR,
                T0, T0.plus(Duration.ofHours(4)), List.of(GroupKey.STATUS));
        assertEquals(List.of(T0, T0.plusSeconds(3600), T0.plusSeconds(7200), T0.plusSeconds(10800)),
                hours.stream().map(Bucket::start).toList());
        assertEquals(List.of(new JobStats.Group(Map.of(GroupKey.STATUS, "SUCCEEDED"), 2)), hours.get(0).groups());
        assertEquals(List.of(), hours.get(1).groups());
        assertEquals(List.of(new JobStats.Group(Map.of(GroupKey.STATUS, "FAILED"), 1)), hours.get(2).groups());
        assertEquals(List.of(), hours.get(3).groups());

        // by creation, per day, from mid-day: the bucket holding the start is the first
        List<Bucket> days = analytics().timeseries(t, JobFilter.none(), TimeField.CREATED_AT, Interval.DAY,
                T0.minusSeconds(60), T0.plus(Duration.ofDays(2)), List.of());
        assertEquals(List.of(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"),
                Instant.parse("2026-03-04T00:00:00Z")), days.stream().map(Bucket::start).toList());
        assertEquals(1, days.get(0).groups().size());
        assertEquals(5, days.get(0).groups().get(0).count());
        assertEquals(List.of(), days.get(1).groups());

        // the list's filters apply
        List<Bucket> failedOnly = analytics().timeseries(t, JobFilter.none().withStatuses(Set.of(JobStatus.FAILED)),
                TimeField.COMPLETED_AT, Interval.HOUR, T0, T0.plus(Duration.ofHours(5)), List.of(GroupKey.STATUS));
        assertEquals(5, failedOnly.size());
        assertEquals(List.of(), failedOnly.get(0).groups());
        assertEquals(1, failedOnly.get(2).groups().get(0).count());
        assertEquals(1, failedOnly.get(4).groups().get(0).count());
    }

    @Test
    default void completed_filters_match_only_jobs_completed_in_the_range() {
        TenantId t = newTenant();
        ConnectionId c = newConnection(t, Provider.of("finch"));
        finished(t, c, Provider.of("finch"), "x", JobStatus.SUCCEEDED, T0, Duration.ofSeconds(10));   // completes T0+10
        finished(t, c, Provider.of("finch"), "x", JobStatus.SUCCEEDED, T0, Duration.ofSeconds(20));   // completes T0+20
        running(t, c, Provider.of("finch"), "x", T0);
        JobFilter range = JobFilter.none().withCompleted(T0.plusSeconds(10), T0.plusSeconds(20));  // [10, 20)
        assertEquals(1, store().stats(t, range, List.of()).total());
        assertEquals(1, store().list(t, new dev.jobtower.domain.query.JobQuery(range,
                dev.jobtower.domain.query.JobSort.CREATED_AT_DESC, 10, null)).items().size());
        assertEquals(2, store().stats(t, JobFilter.none().withCompleted(T0, null), List.of()).total());
    }
}
