package dev.jobtower.domain.query;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: where jobs, their last vendor payload and their history live. Writes that race
 * (poller, webhook, refresh, several instances) are safe: one row per (connection, provider,
 * external id), copies applied under {@link Job#observe}, a history row only when
 * {@code (status, statusReason)} changed.
 */
public interface JobStore {

    /**
     * Stores a copy read from (or just created at) the vendor: inserts the job when new, else applies
     * the copy under the ordering rules. Atomic.
     *
     * @param readStartedAt when the read that produced the copy started (orders copies without a vendor time)
     * @param fromVendor    false when the copy was not read from the vendor (a job stored before its
     *                      create call): then {@code syncedAt} stays unset
     */
    Recorded record(TenantId tenantId, ConnectionId connectionId, Provider provider, VendorJob copy, Source source,
                    Instant readStartedAt, boolean fromVendor);

    /**
     * Drops a job stored before its create call that the vendor never confirmed (it answered with
     * another job instead). A job that was ever read from the vendor is never dropped.
     *
     * @return true when a row was dropped
     */
    boolean discardUnconfirmed(TenantId tenantId, ConnectionId connectionId, String externalId);

    /** Marks a job stale after a failed vendor read; the stored copy is still served. */
    void markStale(JobId id);

    Optional<Job> find(TenantId tenantId, JobId id);

    Optional<Job> findByExternalId(TenantId tenantId, ConnectionId connectionId, String externalId);

    /** The vendor's last payload for the job, verbatim JSON. */
    Optional<String> rawPayload(TenantId tenantId, JobId id);

    /** Status changes, oldest first; empty when the job is unknown to this tenant. */
    List<StatusChange> history(TenantId tenantId, JobId id);

    JobPage list(TenantId tenantId, JobQuery query);

    JobStats stats(TenantId tenantId, JobFilter filter, List<GroupKey> groupBy);

    /** What one {@link #record} did. */
    record Recorded(Job job, boolean created, boolean changed, Optional<StatusChange> statusChange) {
    }
}
