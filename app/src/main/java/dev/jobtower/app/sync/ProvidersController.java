package dev.jobtower.app.sync;

import dev.jobtower.app.web.QueryParameters;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import dev.jobtower.app.vendors.VendorModules;
import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.app.web.StandardErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** How each vendor is doing, as this instance sees it: circuit state and the last error's category. */
@Controller("/api/v1/providers")
@Tag(name = "providers")
@SecurityRequirement(name = ApiDocs.API_KEY)
public class ProvidersController {
    private final Providers providers;
    private final VendorModules vendors;

    public ProvidersController(Providers providers, VendorModules vendors) {
        this.providers = providers;
        this.vendors = vendors;
    }

    /** One provider's health. {@code lastError} is a category, never vendor text. */
    @Serdeable
    public record ProviderHealth(@Schema(requiredMode = REQUIRED, ref = ApiDocs.PROVIDER) String provider,
                                 @Schema(requiredMode = REQUIRED, description = "The vendor's name for people, as the dashboard shows it.")
                                 String label,
                                 @Schema(requiredMode = REQUIRED, allowableValues = {"CLOSED", "OPEN", "HALF_OPEN"}) String circuit,
                                 @Nullable @Schema(requiredMode = REQUIRED) Instant lastSuccessAt,
                                 @Nullable @Schema(requiredMode = REQUIRED) Instant lastFailureAt,
                                 @Schema(requiredMode = REQUIRED, ref = ApiDocs.NULLABLE_FAILURE_CATEGORY) String lastError) {
    }

    /** Every provider's health. */
    @Serdeable
    public record ProviderList(List<ProviderHealth> items) {
    }

    @Get
    @Operation(operationId = "listProviders",
            summary = "Each provider's circuit (open only when it fails across many connections) and last error category (per instance)")
    @ApiResponse(responseCode = "200", description = "Every provider's health, as this instance sees it.")
    @StandardErrors
    public ProviderList list(HttpRequest<?> request) {
        QueryParameters.requireKnown(request, Set.of());
        // in the vendor modules' order (the order the dashboard shows them in)
        return new ProviderList(providers.resilience().stream()
                .map(r -> new ProviderHealth(r.provider().wireName(), vendors.of(r.provider()).label(), circuit(r),
                        r.lastSuccessAt(), r.lastFailureAt(), r.lastError() == null ? null : r.lastError().name()))
                .toList());
    }

    private static String circuit(ProviderResilience r) {
        return ConnectionParts.circuitName(r.providerCircuit());
    }
}
