package dev.jobtower.adapters.finch;

import dev.jobtower.domain.vendor.RetryAfter;
import dev.jobtower.adapters.finch.wire.ErrorResponse;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.ProviderException;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.VendorRejected;
import dev.jobtower.domain.provider.VendorUnavailable;
import io.micronaut.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Turns a Finch answer that is not a success into the port's failure types (shared by every call). */
final class FinchFailures {
    /** Finch's code for a 502 caused by the employer's payroll system, not by Finch. */
    static final String UPSTREAM_PROVIDER_ERROR = "upstream_provider_error";
    private static final int MAX_VENDOR_TEXT = 500;

    private final JsonMapper json;

    FinchFailures(JsonMapper json) {
        this.json = json;
    }

    /**
     * The failure for a non-success answer.
     *
     * @param subject what a 404 is about (a job id, or the endpoint)
     */
    ProviderException of(FinchApi.Answer answer, String subject, Instant now) {
        int status = answer.status();
        if (status == 404) {
            return new VendorNotFound(subject);
        }
        if (status == 429) {
            return new VendorUnavailable(FailureCategory.HTTP_429, 429, true, RetryAfter.parse(answer.retryAfter(), now), null);
        }
        if (status >= 500) {
            ErrorResponse error = error(answer.body());
            boolean upstream = error != null && UPSTREAM_PROVIDER_ERROR.equals(error.finchCode());
            return new VendorUnavailable(FailureCategory.HTTP_5XX, status, !upstream,
                    RetryAfter.parse(answer.retryAfter(), now), null);
        }
        if (status >= 400) {
            ErrorResponse error = error(answer.body());
            String code = error == null ? null : firstNonBlank(error.finchCode(), error.name());
            String message = error == null ? null : clip(error.message());
            return new VendorRejected(status, clip(code), message);
        }
        // 1xx/3xx reaching us: not something a client can act on
        return new VendorUnavailable(FailureCategory.MALFORMED, status, true, null, null);
    }

    /** The error body, or {@code null} when it is absent or not Finch's error shape. */
    ErrorResponse error(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readValue(body.getBytes(StandardCharsets.UTF_8), ErrorResponse.class);
        } catch (Exception e) {
            return null;
        }
    }

    static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }

    private static String clip(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_VENDOR_TEXT ? text : text.substring(0, MAX_VENDOR_TEXT);
    }
}
