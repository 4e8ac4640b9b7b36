package dev.jobtower.app.jobs.api;

import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.app.web.ApiDocs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A job in a list: the full job without steps, attachments, faults and attributes. */
@Serdeable
public record JobSummaryView(UUID id, @Schema(allowableValues = {"finch", "anon", "invopop"}) String provider,
                             String externalId, UUID connectionId, String type, @Nullable String name,
                             JobStatus status, @Schema(ref = ApiDocs.NULLABLE_STATUS_REASON) String statusReason, @Nullable String vendorStatus,
                             Instant createdAt, @Nullable Instant scheduledAt, @Nullable Instant startedAt,
                             @Nullable Instant completedAt, Instant updatedAt, @Schema(ref = ApiDocs.NULLABLE_JSON_OBJECT) Object params,
                             List<String> tags, @Nullable String vendorUrl, @Nullable Instant syncedAt,
                             boolean stale) {
}
