package dev.jobtower.app.sync;

import dev.jobtower.app.web.QueryParameters;
import dev.jobtower.domain.provider.FailureCategory;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** How each vendor is doing, as this instance sees it: circuit state and the last error's category. */
@Controller("/api/v1/providers")
@Tag(name = "providers")
public class ProvidersController {
    private final Providers providers;

    public ProvidersController(Providers providers) {
        this.providers = providers;
    }

    /** One provider's health. {@code lastError} is a category, never vendor text. */
    @Serdeable
    public record ProviderHealth(String provider, String circuit, Instant lastSuccessAt, Instant lastFailureAt,
                                 FailureCategory lastError) {
    }

    /** Every provider's health. */
    @Serdeable
    public record ProviderList(List<ProviderHealth> items) {
    }

    @Get
    @Operation(summary = "Each provider's circuit (open only when it fails across many connections) and last error category (per instance)")
    public ProviderList list(HttpRequest<?> request) {
        QueryParameters.requireKnown(request, Set.of());
        return new ProviderList(providers.resilience().stream()
                .sorted(Comparator.comparing(r -> r.provider().ordinal()))
                .map(r -> new ProviderHealth(r.provider().wireName(), circuit(r), r.lastSuccessAt(), r.lastFailureAt(),
                        r.lastError()))
                .toList());
    }

    private static String circuit(ProviderResilience r) {
        return ConnectionParts.circuitName(r.providerCircuit());
    }
}
