package dev.jobtower.app.jobs.api;

import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.StatusReason;

/** The one mapping from the domain {@link Job} to its API representations. */
public final class JobViews {
    private JobViews() {
    }

    public static JobView full(Job j) {
        return new JobView(j.id().value(), j.provider().wireName(), j.externalId(), j.connectionId().value(), j.type(),
                j.name(), j.status(), reason(j.statusReason()), j.vendorStatus(), j.createdAt(), j.scheduledAt(),
                j.startedAt(), j.completedAt(), j.updatedAt(), j.params(), j.tags(), j.vendorUrl(), j.attributes(),
                j.steps(), j.attachments(), j.faults(), j.syncedAt(), j.stale(), j.overdue(), j.overdueSince());
    }

    /** A status reason as the API writes it (its name), or null. */
    public static String reason(StatusReason reason) {
        return reason == null ? null : reason.name();
    }

    public static JobSummaryView summary(Job j) {
        return new JobSummaryView(j.id().value(), j.provider().wireName(), j.externalId(), j.connectionId().value(),
                j.type(), j.name(), j.status(), reason(j.statusReason()), j.vendorStatus(), j.createdAt(), j.scheduledAt(),
                j.startedAt(), j.completedAt(), j.updatedAt(), j.params(), j.tags(), j.vendorUrl(), j.syncedAt(),
                j.stale(), j.overdue(), j.overdueSince());
    }
}
