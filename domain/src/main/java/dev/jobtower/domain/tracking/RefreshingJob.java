package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.CallRefused;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.query.JobStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads one job from its vendor now, for a user who asked. A failed read answers the stored copy marked
 * stale; a call Jobtower's own limits refused is passed on (the caller is told to come back, the job is
 * not stale); a job whose connection was deleted is answered as stored, without a vendor call.
 */
public final class RefreshingJob {
    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final Clock clock;

    public RefreshingJob(JobStore jobs, ConnectionStore connections, ProviderDirectory providers, Clock clock) {
        this.jobs = jobs;
        this.connections = connections;
        this.providers = providers;
        this.clock = clock;
    }

    /** @throws UnknownJob when the tenant has no such job */
    public Job refresh(TenantId tenantId, JobId id) {
        Job job = jobs.find(tenantId, id).orElseThrow(() -> new UnknownJob(id));
        Optional<Connection> connection = connections.find(tenantId, job.connectionId());
        if (connection.isEmpty()) {
            return job; // a deleted connection's jobs stay readable, but nothing reads them any more
        }
        try {
            Instant readStarted = clock.instant();
            VendorJob copy = providers.of(job.provider()).fetch(VendorAccounts.of(connections, connection.get()),
                    job.externalId());
            return jobs.record(tenantId, job.connectionId(), job.provider(), copy, Source.REFRESH, readStarted, true).job();
        } catch (CallRefused e) {
            throw e; // the vendor was not asked: the caller is told to come back (429/503), the job is not stale
        } catch (ProviderException e) {
            jobs.markStale(job.id());
            return job.markedStale();
        }
    }
}
