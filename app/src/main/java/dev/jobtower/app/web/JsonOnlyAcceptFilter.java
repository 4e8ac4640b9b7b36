package dev.jobtower.app.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.annotation.PreMatching;

/**
 * The API answers JSON (and problem+json) whatever the request's {@code Accept}: a browser's
 * {@code text/html} must get the same validation problem as a script, not a 406 that hides it.
 */
@ServerFilter({"/api/**", "/admin/**", "/webhooks/**"})
public class JsonOnlyAcceptFilter {

    @PreMatching
    @RequestFilter
    public void acceptJson(MutableHttpRequest<?> request) {
        String accept = request.getHeaders().get(HttpHeaders.ACCEPT);
        if (accept != null && !accept.contains("json") && !accept.contains("*/*") && !accept.contains("text/event-stream")) {
            request.getHeaders().set(HttpHeaders.ACCEPT, "application/json");
        }
    }
}
