package dev.jobtower.app.limits;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Puts {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (IETF RateLimit
 * header fields draft) on every {@code /api/**} answer to a valid key, errors included.
 */
@ServerFilter("/api/**")
public class RateLimitHeaders {
    /** The request attribute holding the {@link RequestRateLimits.Decision} taken for it. */
    public static final String DECISION = "jobtower.rate-limit";

    @ResponseFilter
    public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(DECISION, RequestRateLimits.Decision.class).ifPresent(d -> apply(d, response));
    }

    /** Sets the three headers of a decision on a response. */
    public static void apply(RequestRateLimits.Decision decision, MutableHttpResponse<?> response) {
        response.getHeaders().set("RateLimit-Limit", Long.toString(decision.limit()));
        response.getHeaders().set("RateLimit-Remaining", Long.toString(decision.remaining()));
        response.getHeaders().set("RateLimit-Reset", Long.toString(decision.resetSeconds()));
    }
}
