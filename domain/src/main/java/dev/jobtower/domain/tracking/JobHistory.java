package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobStore;

import java.util.List;
import java.util.Optional;

/** A job's status changes, oldest first, each with what made Jobtower read it. */
public final class JobHistory {
    private final JobStore jobs;

    public JobHistory(JobStore jobs) {
        this.jobs = jobs;
    }

    /** Empty when the tenant has no such job. */
    public Optional<List<StatusChange>> history(TenantId tenantId, JobId id) {
        return jobs.find(tenantId, id).map(job -> jobs.history(tenantId, job.id()));
    }
}
