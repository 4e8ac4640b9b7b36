package dev.jobtower.app.jobs.api;

import dev.jobtower.domain.job.Attachment;
import dev.jobtower.domain.job.Fault;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Step;
import dev.jobtower.app.web.ApiDocs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The unified job as the API shows it (API.md "The unified job"). */
@Serdeable
public record JobView(UUID id, @Schema(allowableValues = {"finch", "anon", "invopop"}) String provider,
                      String externalId, UUID connectionId, String type, @Nullable String name,
                      JobStatus status, @Schema(ref = ApiDocs.NULLABLE_STATUS_REASON) String statusReason, @Nullable String vendorStatus,
                      Instant createdAt, @Nullable Instant scheduledAt, @Nullable Instant startedAt,
                      @Nullable Instant completedAt, Instant updatedAt,
                      @Schema(ref = ApiDocs.NULLABLE_JSON_OBJECT) Object params, List<String> tags, @Nullable String vendorUrl,
                      @Schema(ref = ApiDocs.NULLABLE_JSON_OBJECT) Object attributes,
                      @ArraySchema(schema = @Schema(ref = "#/components/schemas/JobStep")) List<Step> steps,
                      @ArraySchema(schema = @Schema(ref = "#/components/schemas/JobAttachment")) List<Attachment> attachments,
                      @ArraySchema(schema = @Schema(ref = "#/components/schemas/JobFault")) List<Fault> faults,
                      @Nullable Instant syncedAt, boolean stale) {
}
