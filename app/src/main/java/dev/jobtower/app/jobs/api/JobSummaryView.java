package dev.jobtower.app.jobs.api;

import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.StatusReason;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A job in a list: the full job without steps, attachments, faults and attributes. */
@Serdeable
public record JobSummaryView(UUID id, String provider, String externalId, UUID connectionId, String type, String name,
                             JobStatus status, StatusReason statusReason, String vendorStatus, Instant createdAt,
                             Instant scheduledAt, Instant startedAt, Instant completedAt, Instant updatedAt,
                             Map<String, Object> params, List<String> tags, String vendorUrl, Instant syncedAt,
                             boolean stale, boolean overdue, Instant overdueSince) {
}
