package dev.jobtower.app.limits;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.Problem;

import java.time.Instant;

/** The problems of API.md "Limits and fairness". */
public final class Limits {
    private Limits() {
    }

    /** {@code 429 rate-limited}: try again at {@code retryAt} (also sent as {@code Retry-After}). */
    public static ApiException rateLimited(String detail, Instant retryAt) {
        return new ApiException(Problem.of("rate-limited", "Rate limited", 429, detail).withRetryAt(retryAt));
    }

    /** {@code 409 limit-exceeded}: a count limit is reached. */
    public static ApiException limitExceeded(String detail) {
        return new ApiException(Problem.of("limit-exceeded", "Limit exceeded", 409, detail));
    }

    /** {@code 503 query-timeout}: a query ran out of {@code JOBTOWER_QUERY_TIMEOUT}. */
    public static ApiException queryTimeout(String detail) {
        return new ApiException(Problem.of("query-timeout", "Query timeout", 503, detail));
    }
}
