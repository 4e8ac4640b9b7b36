package dev.jobtower.app.jobs.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.annotation.PreMatching;

/**
 * The event stream answers {@code text/event-stream} whatever the request's {@code Accept}: without
 * this, a client asking for JSON would not match the stream's route and fall through to
 * {@code /api/v1/jobs/{id}} (a confusing "id must be a UUID"). Errors stay problem+json.
 */
@ServerFilter("/api/v1/jobs/events")
public class EventStreamAcceptFilter {

    @PreMatching
    @RequestFilter
    public void acceptEventStream(MutableHttpRequest<?> request) {
        request.getHeaders().set(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM);
    }
}
