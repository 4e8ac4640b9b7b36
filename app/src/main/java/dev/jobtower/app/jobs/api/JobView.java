package dev.jobtower.app.jobs.api;

import dev.jobtower.domain.job.Attachment;
import dev.jobtower.domain.job.Fault;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Step;
import dev.jobtower.app.web.ApiDocs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The unified job as the API shows it (API.md "The unified job"). */
@Serdeable
public record JobView(UUID id, @Schema(allowableValues = {"finch", "anon", "invopop"}) String provider,
                      String externalId, UUID connectionId, String type, @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
                      JobStatus status, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, ref = ApiDocs.NULLABLE_STATUS_REASON) String statusReason, @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String vendorStatus,
                      Instant createdAt, @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant scheduledAt, @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant startedAt,
                      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant completedAt, Instant updatedAt,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, ref = ApiDocs.NULLABLE_JSON_OBJECT) Object params, List<String> tags, @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String vendorUrl,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, ref = ApiDocs.NULLABLE_JSON_OBJECT) Object attributes,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, ref = "#/components/schemas/JobSteps") List<Step> steps,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, ref = "#/components/schemas/JobAttachments") List<Attachment> attachments,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, ref = "#/components/schemas/JobFaults") List<Fault> faults,
                      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant syncedAt, boolean stale) {
}
