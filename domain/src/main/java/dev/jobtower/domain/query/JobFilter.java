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
 */
public record JobFilter(Set<Provider> providers, Set<JobStatus> statuses, Set<StatusReason> statusReasons,
                        Set<String> types, Set<ConnectionId> connectionIds, String externalId,
                        Instant createdAfter, Instant createdBefore, Instant updatedAfter, Instant updatedBefore,
                        String q) {
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

    public static JobFilter none() {
        return new JobFilter(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** True when only the grouping dimensions are filtered, so counts can come from a counts table. */
    public boolean onlyGroupableDimensions() {
        return externalId == null && createdAfter == null && createdBefore == null && updatedAfter == null
                && updatedBefore == null && (q == null || q.isEmpty());
    }

    public JobFilter withStatuses(Set<JobStatus> newStatuses) {
        return new JobFilter(providers, newStatuses, statusReasons, types, connectionIds, externalId, createdAfter,
                createdBefore, updatedAfter, updatedBefore, q);
    }
}
