package dev.jobtower.app.problem;

import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.tracking.UnknownConnection;
import dev.jobtower.domain.tracking.UnknownJob;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Answers the domain's and the providers' failures with their problems (see {@link DomainProblems}). */
public final class DomainExceptionHandler {
    private DomainExceptionHandler() {
    }

    static HttpResponse<?> answer(Throwable e, Clock clock) {
        return DomainProblems.toApi(e).<HttpResponse<?>>map(a -> ProblemResponses.of(a, clock.instant()))
                .orElseGet(() -> ProblemResponses.of(Problem.of("internal", "Internal error", 500,
                        "an unexpected error occurred; it has been logged")));
    }

    /** Provider failures. */
    @Singleton
    @Produces
    public static class Providers implements ExceptionHandler<ProviderException, HttpResponse<?>> {
        private final Clock clock;

        public Providers(Clock clock) {
            this.clock = clock;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ProviderException exception) {
            return answer(exception, clock);
        }
    }

    /** Unknown connections. */
    @Singleton
    @Produces
    public static class Connections implements ExceptionHandler<UnknownConnection, HttpResponse<?>> {
        private final Clock clock;

        public Connections(Clock clock) {
            this.clock = clock;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, UnknownConnection exception) {
            return answer(exception, clock);
        }
    }

    /** Unknown jobs. */
    @Singleton
    @Produces
    public static class Jobs implements ExceptionHandler<UnknownJob, HttpResponse<?>> {
        private final Clock clock;

        public Jobs(Clock clock) {
            this.clock = clock;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, UnknownJob exception) {
            return answer(exception, clock);
        }
    }

    /** Creates whose outcome is unknown: answered as their cause. */
    @Singleton
    @Produces
    public static class InDoubt implements ExceptionHandler<dev.jobtower.domain.tracking.EnqueueInDoubt, HttpResponse<?>> {
        private final Clock clock;

        public InDoubt(Clock clock) {
            this.clock = clock;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, dev.jobtower.domain.tracking.EnqueueInDoubt exception) {
            return answer(exception, clock);
        }
    }
}
