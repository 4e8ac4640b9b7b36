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
    @Operation(summary = "Prometheus metrics")
    public HttpResponse<String> scrape() {
        return HttpResponse.ok(registry.scrape()).contentType(MediaType.of("text/plain; version=0.0.4; charset=utf-8"));
    }
}
