package dev.jobtower.app.problem;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.time.Instant;

/** Builds {@code application/problem+json} responses. */
public final class ProblemResponses {
    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

    private ProblemResponses() {
    }

    public static MutableHttpResponse<Problem> of(Problem problem) {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status())).body(problem).contentType(PROBLEM_JSON);
    }

    public static MutableHttpResponse<Problem> of(ApiException e, Instant now) {
        MutableHttpResponse<Problem> response = of(e.problem());
        Long retryAfter = e.retryAfterSeconds(now);
        if (retryAfter != null) {
            response.header("Retry-After", Long.toString(retryAfter));
        }
        if (e.problem().status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response;
    }
}
