package dev.jobtower.app.web;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Every answer (API, problem+json errors, event streams, the dashboard's static files, 404s) carries
 * {@code X-Content-Type-Options: nosniff}, so a browser never guesses a script or page out of a JSON or
 * text body, and an anti-framing policy ({@code X-Frame-Options: DENY} for older browsers,
 * {@code Content-Security-Policy: frame-ancestors 'none'} for current ones), so no other site can frame
 * the dashboard (clickjacking). A header a controller set itself is left as it is.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SecurityHeadersFilter {
    static final String NOSNIFF = "nosniff";
    static final String FRAME_OPTIONS = "DENY";
    static final String FRAME_ANCESTORS = "frame-ancestors 'none'";

    @ResponseFilter
    public void secure(MutableHttpResponse<?> response) {
        if (!response.getHeaders().contains("X-Content-Type-Options")) {
            response.header("X-Content-Type-Options", NOSNIFF);
        }
        if (!response.getHeaders().contains("X-Frame-Options")) {
            response.header("X-Frame-Options", FRAME_OPTIONS);
        }
        if (!response.getHeaders().contains("Content-Security-Policy")) {
            response.header("Content-Security-Policy", FRAME_ANCESTORS);
        }
    }
}
