package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorRateLimited;
import dev.jobtower.domain.provider.VendorUnavailable;
import dev.jobtower.domain.query.JobStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts a job at the vendor behind a connection and stores it. With a provider that pre-assigns ids
 * the job is stored before the create call (so a create that times out leaves a row for the poller to
 * settle, {@link EnqueueInDoubt}); a refused create discards that row; a vendor quota is recorded on
 * the connection whether the create succeeded or was rate-limited.
 */
public final class EnqueueingJob {
    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final Clock clock;

    public EnqueueingJob(JobStore jobs, ConnectionStore connections, ProviderDirectory providers, Clock clock) {
        this.jobs = jobs;
        this.connections = connections;
        this.providers = providers;
        this.clock = clock;
    }

    /** The stored job; {@code created} is false when the vendor answered with a job it already had. */
    public record Enqueued(Job job, boolean created) {
    }

    public Enqueued enqueue(EnqueueCommand command) {
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
    public Enqueued enqueue(EnqueueCommand command, Consumer<String> vendorCreated) {
        Connection connection = connections.find(command.tenantId(), command.connectionId())
                .orElseThrow(() -> new UnknownConnection(command.connectionId()));
        JobProvider provider = providers.of(connection.provider());
        EnqueueRequest request = new EnqueueRequest(command.type(), command.params());
        provider.validateEnqueue(request);
        ProviderAccount account = VendorAccounts.of(connections, connection);
        Optional<String> preassigned = provider.preassignExternalId(request)
                .map(fresh -> command.reuseExternalId() != null ? command.reuseExternalId() : fresh);
        Instant readStarted = clock.instant();
        if (preassigned.isEmpty() && command.reuseExternalId() != null) {
            // an earlier attempt's create succeeded at the vendor, then something failed before the answer
            VendorJob copy = withParams(provider.fetch(account, command.reuseExternalId()), command);
            JobStore.Recorded recorded = jobs.record(connection.tenantId(), connection.id(), connection.provider(), copy,
                    Source.CREATE, readStarted, true);
            return new Enqueued(recorded.job(), true);
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
        VendorJob copy = withParams(outcome.job(), command);
        JobStore.Recorded recorded = jobs.record(connection.tenantId(), connection.id(), connection.provider(), copy,
                Source.CREATE, readStarted, true);
        String answered = copy.externalId();
        // the vendor answered with a job it already had (an Invopop key): our pre-stored row is not a job
        preassigned.filter(id -> !id.equals(answered))
                .ifPresent(id -> jobs.discardUnconfirmed(connection.tenantId(), connection.id(), id));
        return new Enqueued(recorded.job(), !outcome.deduplicated());
    }

    /** A vendor that does not echo the params back: the job keeps the ones it was started with. */
    private static VendorJob withParams(VendorJob copy, EnqueueCommand command) {
        if (copy.params().isEmpty() && !command.params().isEmpty()) {
            return copy.toBuilder().params(command.params()).build();
        }
        return copy;
    }
}
