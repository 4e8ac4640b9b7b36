package dev.jobtower.app.ops;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Serves the OpenAPI document generated from the code at build time, and the swagger-ui entry point. */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class OpenApiController {
    private final String document;

    public OpenApiController(ResourceResolver resources) {
        this.document = resources.getResourceAsStream("classpath:META-INF/swagger/jobtower.yml")
                .map(OpenApiController::read).orElse(null);
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(value = "/openapi.yml", produces = "application/yaml")
    public HttpResponse<String> openapi() {
        return Optional.ofNullable(document).map(d -> HttpResponse.ok(d).contentType(MediaType.of("application/yaml")))
                .orElseGet(() -> HttpResponse.notFound());
    }

    @Get("/swagger-ui")
    public HttpResponse<?> swaggerUi() {
        return HttpResponse.seeOther(java.net.URI.create("/swagger-ui/index.html"));
    }
}
