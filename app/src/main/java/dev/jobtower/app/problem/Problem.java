package dev.jobtower.app.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * An RFC 9457 problem: {@code type} is a URI under {@code https://jobtower.dev/problems/}; {@code errors}
 * names each bad parameter, header or body field. Never a stack trace, never a secret.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<ParameterError> errors,
                      Instant retryAt, Integer vendorStatusCode, String vendorCode, String vendorMessage) {
    public static final String BASE = "https://jobtower.dev/problems/";

    /** One bad input: the query parameter, header ({@code Content-Type}) or body field ({@code params.individualId}). */
    @Serdeable
    public record ParameterError(String parameter, String detail) {
    }

    public static Problem of(String kind, String title, int status, String detail) {
        return new Problem(BASE + kind, title, status, detail, null, null, null, null, null);
    }

    public Problem withErrors(List<ParameterError> newErrors) {
        return new Problem(type, title, status, detail, List.copyOf(newErrors), retryAt, vendorStatusCode, vendorCode,
                vendorMessage);
    }

    public Problem withRetryAt(Instant at) {
        return new Problem(type, title, status, detail, errors, at, vendorStatusCode, vendorCode, vendorMessage);
    }

    public Problem withVendor(Integer statusCode, String code, String message) {
        return new Problem(type, title, status, detail, errors, retryAt, statusCode, code, message);
    }
}
