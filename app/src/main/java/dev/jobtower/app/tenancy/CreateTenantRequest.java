package dev.jobtower.app.tenancy;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /admin/tenants}, as the OpenAPI document describes it (read by JsonBody). */
@Serdeable
@Schema(name = "CreateTenantRequest")
public record CreateTenantRequest(
        @Schema(maxLength = 200, requiredMode = Schema.RequiredMode.REQUIRED, example = "acme") String name) {
}
