package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.TenantId;

import java.util.List;

/** The inbound use cases that reach a vendor, as narrow interfaces. */
public final class UseCases {
    private UseCases() {
    }

    /** Starts a job at a vendor. */
    public interface EnqueueJob {
        /** @return the stored job; {@code created} is false when the vendor answered with a job it already had */
        Enqueued enqueue(EnqueueCommand command);
    }

    /** Starts following a job that exists at a vendor. */
    public interface TrackJob {
        Tracked track(TrackCommand command);
    }

    /** Reads a job from its vendor now; a failed read serves the stored copy, marked stale. */
    public interface RefreshJob {
        Job refresh(TenantId tenantId, JobId id);
    }

    /** Re-reads one job a poll or a webhook names. */
    public interface RereadJob {
        void reread(Connection connection, String externalId, Source source);
    }

    /** Scans a connection's vendor for jobs Jobtower does not follow yet. */
    public interface DiscoverJobs {
        int discover(Connection connection);
    }

    /** The result of an enqueue. */
    public record Enqueued(Job job, boolean created) {
    }

    /**
     * The result of a track: the jobs found (newest first), whether any was new, and the id now watched
     * for future jobs (an anon job id), if any.
     */
    public record Tracked(List<Job> jobs, boolean created, String watching) {
    }
}
