package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.query.JobStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts following a job that already exists at the vendor: reads it and stores it (again: tracking
 * a followed job changes nothing but the copy). A vendor id that names a family of jobs (an anon job,
 * whose runs are the jobs) is watched for runs to come, also when it has none yet.
 */
public final class TrackingJob {
    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final Clock clock;

    public TrackingJob(JobStore jobs, ConnectionStore connections, ProviderDirectory providers, Clock clock) {
        this.jobs = jobs;
        this.connections = connections;
        this.providers = providers;
        this.clock = clock;
    }

    /**
     * The jobs found (newest first), whether any was new, and the id now watched for future jobs (an
     * anon job id), if any.
     */
    public record Tracked(List<Job> jobs, boolean created, String watching) {
        public Tracked {
            jobs = List.copyOf(jobs);
        }
    }

    public Tracked track(TrackCommand command) {
        Connection connection = connections.find(command.tenantId(), command.connectionId())
                .orElseThrow(() -> new UnknownConnection(command.connectionId()));
        Instant readStarted = clock.instant();
        TrackOutcome outcome = providers.of(connection.provider())
                .track(VendorAccounts.of(connections, connection), command.externalId());
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
        return new Tracked(stored, created, outcome.watchedId());
    }
}
