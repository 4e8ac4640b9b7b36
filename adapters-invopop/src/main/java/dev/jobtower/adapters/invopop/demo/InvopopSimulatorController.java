package dev.jobtower.adapters.invopop.demo;

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
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;

import java.util.function.Function;

/**
 * The Transform API endpoints {@code InvopopJobProvider} calls, served by {@link InvopopSimulator} under
 * {@code /_demo/invopop} when demo mode is on. Every API call needs a bearer key; each key is a workspace.
 */
@Controller("/_demo/invopop")
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class InvopopSimulatorController {
    private final InvopopSimulator invopop;

    public InvopopSimulatorController(InvopopSimulator invopop) {
        this.invopop = invopop;
    }

    @Put(value = "/transform/v1/jobs/{id}", produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<?> putJob(HttpRequest<?> request, String id, @Body @Nullable String body) {
        return withToken(request, token -> invopop.putJob(token, id, body));
    }

    @Get(value = "/transform/v1/jobs/{id}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> job(HttpRequest<?> request, String id) {
        return withToken(request, token -> invopop.job(token, id));
    }

    @Get(value = "/transform/v1/jobs/key/{key}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> jobByKey(HttpRequest<?> request, String key) {
        return withToken(request, token -> invopop.jobByKey(token, key));
    }

    @Get(value = "/transform/v1/jobs", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> jobs(HttpRequest<?> request, @QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor) {
        return withToken(request, token -> invopop.jobs(token, limit, cursor));
    }

    @Get(value = "/transform/v1/workflows/{id}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> workflow(HttpRequest<?> request, String id) {
        return withToken(request, token -> invopop.workflow(token, id));
    }

    /** An attachment's public download URL, as Invopop's are: no key needed. */
    @Get(value = "/files/{fileId}", produces = {"application/pdf", MediaType.APPLICATION_JSON})
    HttpResponse<?> file(String fileId) {
        return invopop.file(fileId);
    }

    private HttpResponse<?> withToken(HttpRequest<?> request, Function<String, HttpResponse<?>> call) {
        String token = bearer(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return token == null ? InvopopSimulator.unauthorized() : call.apply(token);
    }

    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
