package dev.jobtower.app.jobs.api;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

/**
 * The body of {@code POST /api/v1/jobs}, as the OpenAPI document describes it. The controller reads it with
 * {@link dev.jobtower.app.web.JsonBody} so that each bad field is named in one 400.
 */
@Serdeable
@Schema(name = "EnqueueJobRequest", description = "A new job at the vendor behind a connection.")
public record EnqueueJobRequest(
        @Schema(description = "The connection to enqueue through.", requiredMode = Schema.RequiredMode.REQUIRED)
        UUID connectionId,
        @Schema(description = "Finch: `data_sync_all` or `w4_form_employee_sync`; Invopop: the workflow id; "
                + "anon: the anon job id whose new run is started.", maxLength = 255,
                requiredMode = Schema.RequiredMode.REQUIRED, example = "data_sync_all")
        String type,
        @Schema(description = "Vendor parameters in camelCase (Finch w4: `individualId`; Invopop: `siloEntryId` or "
                + "`args`, `key`, `tags`).", ref = dev.jobtower.app.web.ApiDocs.NULLABLE_JSON_OBJECT)
        Object params) {
}
