package dev.jobtower.adapters.anon.demo;

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
 * anon's v2 endpoints, at the paths {@code AnonJobProvider} calls by default, served by {@link AnonSimulator}
 * under {@code /_demo/anon} when demo mode is on. Every call needs a bearer API key; each key is an organization.
 */
@Controller("/_demo/anon/api/v2")
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class AnonSimulatorController {
    private static final String JOB_RUNS = "/_demo/anon/api/v2/job-runs";

    private final AnonSimulator anon;

    public AnonSimulatorController(AnonSimulator anon) {
        this.anon = anon;
    }

    @Get(value = "/jobs/{jobId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> job(HttpRequest<?> request, String jobId) {
        return withToken(request, token -> anon.job(token, jobId));
    }

    @Get(value = "/workflows/{workflowId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> workflow(HttpRequest<?> request, String workflowId) {
        return withToken(request, token -> anon.workflow(token, workflowId));
    }

    @Post(value = "/job-runs", produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<?> startJobRun(HttpRequest<?> request, @Body @Nullable String body) {
        return withToken(request, token -> anon.startJobRun(token, body, JOB_RUNS));
    }

    @Get(value = "/job-runs", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> jobRuns(HttpRequest<?> request, @QueryValue @Nullable String jobId) {
        return withToken(request, token -> anon.jobRunsOf(token, jobId));
    }

    @Get(value = "/job-runs/{jobRunId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> jobRun(HttpRequest<?> request, String jobRunId) {
        return withToken(request, token -> anon.jobRun(token, jobRunId));
    }

    @Get(value = "/workflow-runs", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> workflowRuns(HttpRequest<?> request, @QueryValue @Nullable String jobRunId) {
        return withToken(request, token -> anon.workflowRunsOf(token, jobRunId));
    }

    @Get(value = "/workflow-runs/{workflowRunId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> workflowRun(HttpRequest<?> request, String workflowRunId) {
        return withToken(request, token -> anon.workflowRun(token, workflowRunId));
    }

    private static HttpResponse<?> withToken(HttpRequest<?> request, Function<String, HttpResponse<?>> call) {
        String token = bearer(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return token == null ? AnonSimulator.unauthorized() : call.apply(token);
    }

    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
