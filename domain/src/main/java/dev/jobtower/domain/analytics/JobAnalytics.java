package dev.jobtower.domain.analytics;

import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;

import java.time.Instant;
import java.util.List;

/**
 * Outbound port: durations and counts over time of a tenant's jobs, with the list's filters
 * (API.md "Analytics").
 */
public interface JobAnalytics {

    /**
     * Durations of finished jobs ({@code completedAt} − ({@code startedAt}, else {@code createdAt})),
     * one group per combination of {@code groupBy}, ordered by the group keys. Jobs of a terminal status
     * with a {@code completedAt} count; {@code count} and {@code max} are exact, percentiles within 2 %.
     */
    List<DurationGroup> durations(TenantId tenantId, JobFilter filter, List<GroupKey> groupBy);

    /**
     * Counts per bucket of {@code interval} over {@code [from, to)} on {@code field}, every bucket of
     * the window present (empty ones with no groups), buckets aligned to UTC hours or days.
     */
    List<Bucket> timeseries(TenantId tenantId, JobFilter filter, TimeField field, Interval interval,
                            Instant from, Instant to, List<GroupKey> groupBy);
}
