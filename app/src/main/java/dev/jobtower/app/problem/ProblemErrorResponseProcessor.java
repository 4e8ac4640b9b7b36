package dev.jobtower.app.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the framework's own errors (no route, 405, 413, 415, malformed JSON, conversion errors) as
 * problem+json, whatever the request's {@code Accept} (replaces Micronaut's JSON and HTML error pages).
 * Framework messages are not passed through: they can quote internals.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        Problem problem = problemFor(context, status);
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Problem> typed = (MutableHttpResponse<Problem>) response;
        return typed.body(problem).contentType(ProblemResponses.PROBLEM_JSON);
    }

    static Problem problemFor(ErrorContext context, HttpStatus status) {
        int code = status.getCode();
        return switch (code) {
            case 404 -> Problem.of("not-found", "Not found", 404, "no resource at " + context.getRequest().getPath());
            case 405 -> Problem.of("method-not-allowed", "Method not allowed", 405,
                    context.getRequest().getMethodName() + " is not allowed on " + context.getRequest().getPath());
            case 406 -> Problem.of("not-acceptable", "Not acceptable", 406, "this resource answers application/json");
            case 413 -> Problem.of("validation", "Request too large", 413, "the request body is too large")
                    .withErrors(List.of(new Problem.ParameterError("body", "is larger than the 1 MB limit")));
            case 415 -> Problem.of("validation", "Unsupported media type", 415, "the body must be application/json")
                    .withErrors(List.of(new Problem.ParameterError("Content-Type", "must be application/json")));
            case 401 -> Problem.of("unauthorized", "Unauthorized", 401, "authentication is required");
            case 503 -> Problem.of("database-unavailable", "Service unavailable", 503, "the service is unavailable");
            default -> code >= 500
                    ? Problem.of("internal", "Internal error", code, "an unexpected error occurred; it has been logged")
                    : validation(context, code);
        };
    }

    private static Problem validation(ErrorContext context, int code) {
        List<Problem.ParameterError> errors = new ArrayList<>();
        for (Error error : context.getErrors()) {
            String parameter = error.getPath().map(ProblemErrorResponseProcessor::parameterName).orElse(null);
            if (parameter != null) {
                errors.add(new Problem.ParameterError(parameter, "is invalid"));
            }
        }
        Throwable cause = context.getRootCause().orElse(null);
        if (errors.isEmpty()) {
            boolean json = cause != null && (cause.getClass().getName().contains("Json")
                    || cause.getClass().getName().contains("Serde"));
            errors.add(new Problem.ParameterError("body", json ? "is not valid JSON" : "is not a valid request"));
        }
        String detail = errors.size() == 1 ? errors.get(0).parameter() + ": " + errors.get(0).detail()
                : errors.size() + " parameters are invalid";
        return Problem.of("validation", "Invalid request", code, detail).withErrors(errors);
    }

    private static String parameterName(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? "body" : p.replace('/', '.');
    }
}
