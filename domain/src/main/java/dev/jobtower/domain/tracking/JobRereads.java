package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.CallRefused;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.query.JobStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Re-reading one job a poll or a webhook names, the part {@link PollingJob} and {@link IngestingWebhook}
 * share: a failed read marks the stored job stale; a call Jobtower's own limits refused does not; a job
 * stored before a create call the vendor never received is settled as failed once its grace has passed.
 */
final class JobRereads {
    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final Clock clock;
    private final Duration unconfirmedGrace;

    JobRereads(JobStore jobs, ConnectionStore connections, ProviderDirectory providers, Clock clock,
               Duration unconfirmedGrace) {
        this.jobs = jobs;
        this.connections = connections;
        this.providers = providers;
        this.clock = clock;
        this.unconfirmedGrace = unconfirmedGrace;
    }

    /** @throws ProviderException when the vendor read failed (the stored job is then marked stale) */
    void reread(Connection connection, String externalId, Source source) {
        reread(connection, VendorAccounts.of(connections, connection), externalId, source);
    }

    /** {@link #reread(Connection, String, Source)} with the connection's account already looked up. */
    void reread(Connection connection, dev.jobtower.domain.provider.ProviderAccount account, String externalId,
                Source source) {
        Instant readStarted = clock.instant();
        try {
            VendorJob copy = providers.of(connection.provider()).fetch(account, externalId);
            jobs.record(connection.tenantId(), connection.id(), connection.provider(), copy, source, readStarted, true);
        } catch (VendorNotFound e) {
            Optional<Job> stored = jobs.findByExternalId(connection.tenantId(), connection.id(), externalId);
            if (stored.isPresent() && stored.get().syncedAt() == null
                    && stored.get().createdAt().isBefore(readStarted.minus(unconfirmedGrace))) {
                // a create that timed out and never reached the vendor: settle it as failed
                jobs.record(connection.tenantId(), connection.id(), connection.provider(),
                        VendorJob.builder(externalId).status(JobStatus.FAILED).statusReason(StatusReason.VENDOR_ERROR).build(),
                        source, readStarted, false);
                return;
            }
            stored.map(Job::id).ifPresent(jobs::markStale);
            throw e;
        } catch (CallRefused e) {
            throw e; // not read now, not known to be wrong: not stale
        } catch (ProviderException e) {
            jobs.findByExternalId(connection.tenantId(), connection.id(), externalId).map(Job::id).ifPresent(jobs::markStale);
            throw e;
        }
    }
}
