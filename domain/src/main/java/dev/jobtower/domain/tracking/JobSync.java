package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.CallRefused;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorUnavailable;
import dev.jobtower.domain.query.JobStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The use cases that talk to vendors: every copy read goes through {@link JobStore#record}, so the
 * ordering rules and the history hold whatever triggered the read.
 */
public final class JobSync implements UseCases.EnqueueJob, UseCases.TrackJob, UseCases.RefreshJob,
        UseCases.RereadJob, UseCases.DiscoverJobs {

    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final Clock clock;
    private final Duration discoveryLookback;
    private final int discoveryMaxJobs;
    private final Duration unconfirmedGrace;

    /**
     * @param unconfirmedGrace how long a job stored before its (in-doubt) create call may be unknown to
     *                         the vendor before it is settled as failed
     */
    public JobSync(JobStore jobs, ConnectionStore connections, ProviderDirectory providers, Clock clock,
                   Duration discoveryLookback, int discoveryMaxJobs, Duration unconfirmedGrace) {
        this.unconfirmedGrace = unconfirmedGrace;
        this.jobs = jobs;
        this.connections = connections;
        this.providers = providers;
        this.clock = clock;
        this.discoveryLookback = discoveryLookback;
        this.discoveryMaxJobs = discoveryMaxJobs;
    }

    @Override
    public UseCases.Enqueued enqueue(EnqueueCommand command) {
        return enqueue(command, externalId -> {
        });
    }

    /**
     * Like {@link #enqueue(EnqueueCommand)}, and tells {@code vendorCreated} the vendor's job id as soon
     * as the vendor answered, before anything is stored: the caller records it durably, so whatever
     * fails or crashes afterwards, a retry resumes with that job ({@link EnqueueCommand#reuseExternalId()})
     * instead of creating a second one. With a provider that does not pre-assign ids, a command that
     * names the id of an earlier attempt's vendor job makes no create call: the job is read and stored.
     */
    public UseCases.Enqueued enqueue(EnqueueCommand command, java.util.function.Consumer<String> vendorCreated) {
        Connection connection = connections.find(command.tenantId(), command.connectionId())
                .orElseThrow(() -> new UnknownConnection(command.connectionId()));
        JobProvider provider = providers.of(connection.provider());
        EnqueueRequest request = new EnqueueRequest(command.type(), command.params());
        provider.validateEnqueue(request);
        ProviderAccount account = account(connection);
        Optional<String> preassigned = provider.preassignExternalId(request)
                .map(fresh -> command.reuseExternalId() != null ? command.reuseExternalId() : fresh);
        Instant readStarted = clock.instant();
        if (preassigned.isEmpty() && command.reuseExternalId() != null) {
            // an earlier attempt's create succeeded at the vendor, then something failed before the answer
            VendorJob copy = provider.fetch(account, command.reuseExternalId());
            if (copy.params().isEmpty() && !command.params().isEmpty()) {
                copy = copy.toBuilder().params(command.params()).build();
            }
            JobStore.Recorded recorded = jobs.record(connection.tenantId(), connection.id(), connection.provider(), copy,
                    Source.CREATE, readStarted, true);
            return new UseCases.Enqueued(recorded.job(), true);
        }
        // stored before the call: a create that times out leaves its row for the poller to settle. A retry
        // of an in-doubt create finds its row already stored (maybe moved on by the poller or a webhook):
        // storing it again as QUEUED would move it back with a false `create` history row.
        preassigned.filter(id -> command.reuseExternalId() == null
                        || jobs.findByExternalId(connection.tenantId(), connection.id(), id).isEmpty())
                .ifPresent(id -> jobs.record(connection.tenantId(), connection.id(), connection.provider(),
                VendorJob.builder(id).type(command.type()).status(JobStatus.QUEUED).params(command.params()).build(),
                Source.CREATE, readStarted, false));
        EnqueueOutcome outcome;
        try {
            outcome = provider.enqueue(account, request, preassigned);
        } catch (VendorRateLimited e) {
            if (e.quota() != null) {
                connections.recordQuota(connection.id(), e.quota());
            }
            preassigned.ifPresent(id -> jobs.discardUnconfirmed(connection.tenantId(), connection.id(), id));
            throw e;
        } catch (VendorUnavailable e) {
            if (preassigned.isPresent()) {
                throw new EnqueueInDoubt(preassigned.get(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            // refused before or by the vendor: nothing was created, the pre-stored row is not a job
            preassigned.ifPresent(id -> jobs.discardUnconfirmed(connection.tenantId(), connection.id(), id));
            throw e;
        }
        vendorCreated.accept(outcome.job().externalId());
        if (outcome.quota() != null) {
            connections.recordQuota(connection.id(), outcome.quota());
        }
        VendorJob copy = outcome.job();
        if (copy.params().isEmpty() && !command.params().isEmpty()) {
            copy = copy.toBuilder().params(command.params()).build();
        }
        JobStore.Recorded recorded = jobs.record(connection.tenantId(), connection.id(), connection.provider(), copy,
                Source.CREATE, readStarted, true);
        String answered = copy.externalId();
        // the vendor answered with a job it already had (an Invopop key): our pre-stored row is not a job
        preassigned.filter(id -> !id.equals(answered))
                .ifPresent(id -> jobs.discardUnconfirmed(connection.tenantId(), connection.id(), id));
        return new UseCases.Enqueued(recorded.job(), !outcome.deduplicated());
    }

    @Override
    public UseCases.Tracked track(TrackCommand command) {
        Connection connection = connections.find(command.tenantId(), command.connectionId())
                .orElseThrow(() -> new UnknownConnection(command.connectionId()));
        JobProvider provider = providers.of(connection.provider());
        Instant readStarted = clock.instant();
        TrackOutcome outcome = provider.track(account(connection), command.externalId());
        if (outcome.watchedId() != null) {
            connections.watch(connection.id(), outcome.watchedId());
        }
        List<Job> stored = new ArrayList<>();
        boolean created = false;
        for (VendorJob copy : outcome.jobs()) {
            JobStore.Recorded recorded = jobs.record(connection.tenantId(), connection.id(), connection.provider(),
                    copy, Source.TRACK, readStarted, true);
            created |= recorded.created();
            stored.add(recorded.job());
        }
        return new UseCases.Tracked(stored, created, outcome.watchedId());
    }

    @Override
    public Job refresh(TenantId tenantId, JobId id) {
        Job job = jobs.find(tenantId, id).orElseThrow(() -> new UnknownJob(id));
        Optional<Connection> connection = connections.find(tenantId, job.connectionId());
        if (connection.isEmpty()) {
            return job; // a deleted connection's jobs stay readable, but nothing reads them any more
        }
        try {
            Instant readStarted = clock.instant();
            VendorJob copy = providers.of(job.provider()).fetch(account(connection.get()), job.externalId());
            return jobs.record(tenantId, job.connectionId(), job.provider(), copy, Source.REFRESH, readStarted, true).job();
        } catch (CallRefused e) {
            throw e; // the vendor was not asked: the caller is told to come back (429/503), the job is not stale
        } catch (ProviderException e) {
            jobs.markStale(job.id());
            return job.markedStale();
        }
    }

    /** @throws ProviderException when the vendor read failed (the stored job is then marked stale) */
    @Override
    public void reread(Connection connection, String externalId, Source source) {
        Instant readStarted = clock.instant();
        try {
            VendorJob copy = providers.of(connection.provider()).fetch(account(connection), externalId);
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

    /** @throws ProviderException when the vendor list failed */
    @Override
    public int discover(Connection connection) {
        JobProvider provider = providers.of(connection.provider());
        Instant readStarted = clock.instant();
        DiscoveryScope scope = new DiscoveryScope(readStarted.minus(discoveryLookback),
                connections.watched(connection.id()), discoveryMaxJobs);
        int found = 0;
        for (VendorJob copy : provider.discover(account(connection), scope)) {
            if (jobs.record(connection.tenantId(), connection.id(), connection.provider(), copy, Source.DISCOVER,
                    readStarted, true).created()) {
                found++;
            }
        }
        return found;
    }

    private ProviderAccount account(Connection connection) {
        ConnectionSecrets secrets = connections.secrets(connection.id())
                .orElseThrow(() -> new UnknownConnection(connection.id()));
        return new ProviderAccount(connection.id(), secrets.token(), connection.vendorConnectionId());
    }
}
