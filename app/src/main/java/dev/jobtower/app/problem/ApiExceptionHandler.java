package dev.jobtower.app.problem;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Answers an {@link ApiException} with its problem. */
@Singleton
@Produces
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
    private final Clock clock;

    public ApiExceptionHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
        return ProblemResponses.of(exception, clock.instant());
    }
}
