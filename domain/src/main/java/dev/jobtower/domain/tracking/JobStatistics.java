package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobStats;
import dev.jobtower.domain.query.JobStore;

import java.util.List;

/** Counts of the tenant's jobs under the list's filters, grouped by the keys asked for. */
public final class JobStatistics {
    private final JobStore jobs;

    public JobStatistics(JobStore jobs) {
        this.jobs = jobs;
    }

    public JobStats stats(TenantId tenantId, JobFilter filter, List<GroupKey> groupBy) {
        return jobs.stats(tenantId, filter, groupBy);
    }

    /** How many jobs the tenant holds (all of them, whatever their status). */
    public long total(TenantId tenantId) {
        return jobs.stats(tenantId, JobFilter.none(), List.of()).total();
    }
}
