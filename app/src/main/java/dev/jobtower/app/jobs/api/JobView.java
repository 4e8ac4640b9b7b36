package dev.jobtower.app.jobs.api;

import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.domain.job.Attachment;
import dev.jobtower.domain.job.Fault;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Step;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * The unified job as the API shows it (API.md "The unified job"). For the OpenAPI document, a field that may be
 * null is {@code @Nullable @Schema(requiredMode = REQUIRED)}: always present, sometimes null.
 */
@Serdeable
public record JobView(UUID id,
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
                      @Schema(requiredMode = REQUIRED, ref = ApiDocs.NULLABLE_JSON_OBJECT) Object attributes,
                      @Schema(requiredMode = REQUIRED, ref = "#/components/schemas/JobSteps") List<Step> steps,
                      @Schema(requiredMode = REQUIRED, ref = "#/components/schemas/JobAttachments") List<Attachment> attachments,
                      @Schema(requiredMode = REQUIRED, ref = "#/components/schemas/JobFaults") List<Fault> faults,
                      @Nullable @Schema(requiredMode = REQUIRED) Instant syncedAt,
                      boolean stale,
                      boolean overdue,
                      @Nullable @Schema(requiredMode = REQUIRED) Instant overdueSince) {
}
