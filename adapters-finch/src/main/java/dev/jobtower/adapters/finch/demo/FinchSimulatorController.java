package dev.jobtower.adapters.finch.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;

import java.util.function.Function;

/**
 * Finch's job endpoints, as {@code FinchJobProvider} calls them, served by {@link FinchSimulator} under
 * {@code /_demo/finch} when demo mode is on. Every call needs a bearer token; each token is a connection.
 */
@Controller("/_demo/finch")
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class FinchSimulatorController {
    private final FinchSimulator finch;

    public FinchSimulatorController(FinchSimulator finch) {
        this.finch = finch;
    }

    @Get(value = "/introspect", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> introspect(HttpRequest<?> request) {
        return withToken(request, finch::introspect);
    }

    @Post(value = "/jobs/automated", produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<?> create(HttpRequest<?> request, @Body @Nullable String body) {
        return withToken(request, token -> finch.create(token, body));
    }

    @Get(value = "/jobs/automated", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> list(HttpRequest<?> request, @QueryValue @Nullable Integer limit, @QueryValue @Nullable Integer offset) {
        return withToken(request, token -> finch.list(token, limit, offset));
    }

    @Get(value = "/jobs/automated/{jobId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> job(HttpRequest<?> request, String jobId) {
        return withToken(request, token -> finch.job(token, jobId));
    }

    @Get(value = "/jobs/manual/{jobId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> manualJob(HttpRequest<?> request, String jobId) {
        return withToken(request, token -> finch.manualJob(jobId));
    }

    private HttpResponse<?> withToken(HttpRequest<?> request, Function<String, HttpResponse<?>> call) {
        String token = bearer(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return token == null ? FinchSimulator.unauthorized() : call.apply(token);
    }

    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
