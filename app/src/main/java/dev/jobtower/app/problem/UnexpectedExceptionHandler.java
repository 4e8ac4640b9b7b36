package dev.jobtower.app.problem;

import dev.jobtower.app.db.DatabaseFailures;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort: a database that cannot be reached is {@code 503 database-unavailable}; anything
 * else is a generic {@code 500 internal} whose details stay in the server log.
 */
@Singleton
@Produces
public class UnexpectedExceptionHandler implements ExceptionHandler<Exception, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception exception) {
        if (DatabaseFailures.isUnavailable(exception)) {
            LOG.warn("Database unavailable while serving {} {}: {}", request.getMethod(), request.getPath(),
                    exception.getClass().getSimpleName());
            return ProblemResponses.of(Problem.of("database-unavailable", "Database unavailable", 503,
                    "the database cannot be reached; try again shortly")).header("Retry-After", "5");
        }
        if (exception instanceof java.util.concurrent.RejectedExecutionException) {
            // the pool of vendor calls for API requests is full: refuse at once rather than queue
            return ProblemResponses.of(Problem.of("provider-busy", "Provider busy", 503,
                    "too many vendor calls are in flight on this instance; try again shortly")).header("Retry-After", "1");
        }
        LOG.error("Unexpected failure serving {} {}", request.getMethod(), request.getPath(), exception);
        return ProblemResponses.of(Problem.of("internal", "Internal error", 500,
                "an unexpected error occurred; it has been logged"));
    }
}
