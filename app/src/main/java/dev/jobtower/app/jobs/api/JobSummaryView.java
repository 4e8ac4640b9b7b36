package dev.jobtower.app.jobs.api;

import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.domain.job.JobStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** A job in a list: the full job without steps, attachments, faults and attributes (nullable fields as in JobView). */
@Serdeable
public record JobSummaryView(UUID id,
                             @Schema(requiredMode = REQUIRED, ref = ApiDocs.PROVIDER) String provider,
                             String externalId,
                             UUID connectionId,
                             String type,
                             @Nullable @Schema(requiredMode = REQUIRED) String name,
                             JobStatus status,
                             @Schema(requiredMode = REQUIRED, ref = ApiDocs.NULLABLE_STATUS_REASON) String statusReason,
                             @Nullable @Schema(requiredMode = REQUIRED) String vendorStatus,
                             Instant createdAt,
                             @Nullable @Schema(requiredMode = REQUIRED) Instant scheduledAt,
                             @Nullable @Schema(requiredMode = REQUIRED) Instant startedAt,
                             @Nullable @Schema(requiredMode = REQUIRED) Instant completedAt,
                             Instant updatedAt,
                             @Schema(requiredMode = REQUIRED, ref = ApiDocs.NULLABLE_JSON_OBJECT) Object params,
                             List<String> tags,
                             @Nullable @Schema(requiredMode = REQUIRED) String vendorUrl,
                             @Nullable @Schema(requiredMode = REQUIRED) Instant syncedAt,
                             boolean stale,
                             boolean overdue,
                             @Nullable @Schema(requiredMode = REQUIRED) Instant overdueSince) {
}
