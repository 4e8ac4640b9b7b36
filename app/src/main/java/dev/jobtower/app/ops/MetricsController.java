package dev.jobtower.app.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Prometheus metrics at {@code /metrics}. Tags carry providers and outcomes, never tenant or connection ids. */
@Controller("/metrics")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "operations")
public class MetricsController {
    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get(produces = "text/plain; version=0.0.4; charset=utf-8")
    @Operation(operationId = "getMetrics", summary = "Prometheus metrics (no tenant or connection ids in tags)", security = {})
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The Prometheus text format.",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/plain",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
    public HttpResponse<String> scrape() {
        return HttpResponse.ok(registry.scrape()).contentType(MediaType.of("text/plain; version=0.0.4; charset=utf-8"));
    }
}
