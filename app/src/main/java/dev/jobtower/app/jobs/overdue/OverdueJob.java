package dev.jobtower.app.jobs.overdue;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;

import java.time.Instant;

/** A job the sweep just marked overdue. */
public record OverdueJob(JobId id, TenantId tenantId, ConnectionId connectionId, Provider provider, String type,
                         Instant overdueSince, long changeSeq) {
}
