package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobStore;

import java.util.Optional;

/** One of the tenant's jobs as stored, in full, and the vendor's last payload for it. Never calls a vendor. */
public final class GettingJob {
    private final JobStore jobs;

    public GettingJob(JobStore jobs) {
        this.jobs = jobs;
    }

    /** Empty when the tenant has no such job (another tenant's job is not found either). */
    public Optional<Job> get(TenantId tenantId, JobId id) {
        return jobs.find(tenantId, id);
    }

    /** The vendor's last payload, verbatim JSON; empty before the first read or for an unknown job. */
    public Optional<String> rawPayload(TenantId tenantId, JobId id) {
        return jobs.rawPayload(tenantId, id);
    }
}
