package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobPage;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobStore;

/** One page of the tenant's jobs across every vendor: filtered, sorted, keyset-paginated. Stored data only. */
public final class ListingJobs {
    private final JobStore jobs;

    public ListingJobs(JobStore jobs) {
        this.jobs = jobs;
    }

    public JobPage list(TenantId tenantId, JobQuery query) {
        return jobs.list(tenantId, query);
    }
}
