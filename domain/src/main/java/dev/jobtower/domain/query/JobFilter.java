package dev.jobtower.domain.query;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.StatusReason;

import java.time.Instant;
import java.util.Set;

/**
 * The filters of a job listing; empty sets and {@code null}s match everything. Time ranges:
 * {@code …After} inclusive, {@code …Before} exclusive.
 *
 * @param q a case-insensitive substring of name, type or external id, at most 200 characters
 * @param completedAfter  jobs completed at or after (jobs without {@code completedAt} never match)
 * @param completedBefore jobs completed before
 * @param overdue {@code true}: only overdue jobs (not finished, past their deadline); {@code false}: only
 *                the others; {@code null}: both
 */
public record JobFilter(Set<Provider> providers, Set<JobStatus> statuses, Set<StatusReason> statusReasons,
                        Set<String> types, Set<ConnectionId> connectionIds, String externalId,
                        Instant createdAfter, Instant createdBefore, Instant updatedAfter, Instant updatedBefore,
                        String q, Instant completedAfter, Instant completedBefore, Boolean overdue) {
    public static final int MAX_Q_LENGTH = 200;

    public JobFilter {
        providers = providers == null ? Set.of() : Set.copyOf(providers);
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        statusReasons = statusReasons == null ? Set.of() : Set.copyOf(statusReasons);
        types = types == null ? Set.of() : Set.copyOf(types);
        connectionIds = connectionIds == null ? Set.of() : Set.copyOf(connectionIds);
        if (q != null && q.length() > MAX_Q_LENGTH) {
            throw new IllegalArgumentException("q must be at most " + MAX_Q_LENGTH + " characters");
        }
    }

    /** A filter without the completion range and overdue filters (the shape before analytics). */
    public JobFilter(Set<Provider> providers, Set<JobStatus> statuses, Set<StatusReason> statusReasons,
                     Set<String> types, Set<ConnectionId> connectionIds, String externalId,
                     Instant createdAfter, Instant createdBefore, Instant updatedAfter, Instant updatedBefore,
                     String q) {
        this(providers, statuses, statusReasons, types, connectionIds, externalId, createdAfter, createdBefore,
                updatedAfter, updatedBefore, q, null, null, null);
    }

    public static JobFilter none() {
        return new JobFilter(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same filter with a completion range. */
    public JobFilter withCompleted(Instant after, Instant before) {
        return new JobFilter(providers, statuses, statusReasons, types, connectionIds, externalId, createdAfter,
                createdBefore, updatedAfter, updatedBefore, q, after, before, overdue);
    }

    /** The same filter with the overdue filter ({@code null}: none). */
    public JobFilter withOverdue(Boolean onlyOverdue) {
        return new JobFilter(providers, statuses, statusReasons, types, connectionIds, externalId, createdAfter,
                createdBefore, updatedAfter, updatedBefore, q, completedAfter, completedBefore, onlyOverdue);
    }

    /** True when only the grouping dimensions are filtered, so counts can come from a counts table. */
    public boolean onlyGroupableDimensions() {
        return externalId == null && createdAfter == null && createdBefore == null && updatedAfter == null
                && updatedBefore == null && (q == null || q.isEmpty()) && completedAfter == null
                && completedBefore == null && overdue == null;
    }

    public JobFilter withStatuses(Set<JobStatus> newStatuses) {
        return new JobFilter(providers, newStatuses, statusReasons, types, connectionIds, externalId, createdAfter,
                createdBefore, updatedAfter, updatedBefore, q, completedAfter, completedBefore, overdue);
    }
}
