package dev.jobtower.app.jobs.api;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

/** The body of {@code POST /api/v1/jobs/track}, as the OpenAPI document describes it (read by JsonBody). */
@Serdeable
@Schema(name = "TrackJobRequest", description = "A job that already exists at the vendor.")
public record TrackJobRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID connectionId,
        @Schema(description = "The vendor's id of the job (anon: a job run id or a job id).", maxLength = 255,
                requiredMode = Schema.RequiredMode.REQUIRED, example = "a5b6c7d8-1111-4222-8333-444455556666")
        String externalId) {
}
