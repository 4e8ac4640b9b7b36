package dev.jobtower.app.connections;

import dev.jobtower.app.web.ApiDocs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The bodies of {@code POST} and {@code PATCH /api/v1/connections}, as the OpenAPI document describes them.
 * The controller reads them with {@link dev.jobtower.app.web.JsonBody} so that each bad field is named in one 400.
 */
public final class ConnectionRequests {
    private ConnectionRequests() {
    }

    /** The vendor credentials: write-only, encrypted at rest, never shown again. */
    @Serdeable
    @Schema(name = "ConnectionCredentials")
    public record Credentials(
            @Schema(description = "Finch access token, anon API key or Invopop token.", maxLength = 4096,
                    requiredMode = Schema.RequiredMode.REQUIRED, example = "sandbox-token-123")
            String token) {
    }

    @Serdeable
    @Schema(name = "CreateConnectionRequest", description = "One vendor account of the tenant.")
    public record Create(
            @Schema(ref = ApiDocs.PROVIDER, requiredMode = Schema.RequiredMode.REQUIRED)
            String provider,
            @Schema(maxLength = 200, requiredMode = Schema.RequiredMode.REQUIRED, example = "Acme payroll")
            String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Credentials credentials,
            @Schema(description = "Checked for the vendor's format (Finch: base64; anon: `whsec_` + base64; Invopop: "
                    + "16+ characters).", maxLength = 4096)
            @Nullable String webhookSecret) {
    }

    @Serdeable
    @Schema(name = "UpdateConnectionRequest", description = "Rename, or rotate credentials and webhook secret.")
    public record Update(
            @Schema(maxLength = 200, example = "Acme payroll (EU)") @Nullable String name,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Credentials credentials,
            @Schema(maxLength = 4096) @Nullable String webhookSecret) {
    }
}
