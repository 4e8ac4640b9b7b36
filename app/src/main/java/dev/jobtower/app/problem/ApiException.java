package dev.jobtower.app.problem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** An answer other than success, as a problem; thrown anywhere in request handling. */
public class ApiException extends RuntimeException {
    private final transient Problem problem;

    public ApiException(Problem problem) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** Whole seconds until {@code retryAt}, for the {@code Retry-After} header; at least 1. */
    public Long retryAfterSeconds(Instant now) {
        if (problem.retryAt() == null) {
            return null;
        }
        long seconds = (long) Math.ceil(Duration.between(now, problem.retryAt()).toMillis() / 1000.0);
        return Math.max(1, seconds);
    }

    public static ApiException validation(List<Problem.ParameterError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).parameter() + ": " + errors.get(0).detail()
                : errors.size() + " parameters are invalid";
        return new ApiException(Problem.of("validation", "Invalid request", 400, detail).withErrors(errors));
    }

    public static ApiException validation(String parameter, String detail) {
        return validation(List.of(new Problem.ParameterError(parameter, detail)));
    }

    public static ApiException notFound(String what) {
        return new ApiException(Problem.of("not-found", "Not found", 404, what + " was not found"));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(Problem.of("unauthorized", "Unauthorized", 401, detail));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(Problem.of("conflict", "Conflict", 409, detail));
    }

    /** 410: what was asked for existed but is no longer kept (a retention window passed). */
    public static ApiException gone(String detail) {
        return new ApiException(Problem.of("gone", "Gone", 410, detail));
    }

    public static ApiException unprocessable(String parameter, String detail) {
        return new ApiException(Problem.of("validation", "Unprocessable request", 422, detail)
                .withErrors(List.of(new Problem.ParameterError(parameter, detail))));
    }
}
