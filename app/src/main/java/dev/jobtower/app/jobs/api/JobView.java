package dev.jobtower.app.jobs.api;

import dev.jobtower.domain.job.Attachment;
import dev.jobtower.domain.job.Fault;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Step;
import dev.jobtower.domain.job.StatusReason;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The unified job as the API shows it (API.md "The unified job"). */
@Serdeable
public record JobView(UUID id, String provider, String externalId, UUID connectionId, String type, String name,
                      JobStatus status, StatusReason statusReason, String vendorStatus, Instant createdAt,
                      Instant scheduledAt, Instant startedAt, Instant completedAt, Instant updatedAt,
                      Map<String, Object> params, List<String> tags, String vendorUrl, Map<String, Object> attributes,
                      List<Step> steps, List<Attachment> attachments, List<Fault> faults, Instant syncedAt,
                      boolean stale, boolean overdue, Instant overdueSince) {
}
