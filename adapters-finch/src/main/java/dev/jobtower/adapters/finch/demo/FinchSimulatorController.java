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
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Finch's job endpoints, as {@code FinchJobProvider} calls them, and the benefits calls that start manual jobs,
 * served by {@link FinchSimulator} under {@code /_demo/finch} when demo mode is on, as Finch's 2026 OpenAPI
 * document describes them (the official SDK works against it). Every call needs a bearer token; each token is a
 * connection.
 */
@Controller("/_demo/finch")
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class FinchSimulatorController {
    private final FinchSimulator finch;
    private final JsonMapper json;

    public FinchSimulatorController(FinchSimulator finch, JsonMapper json) {
        this.finch = finch;
        this.json = json;
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
        return withToken(request, token -> finch.manualJob(token, jobId));
    }

    // ---- the benefits calls whose answers name manual jobs (bodies read only for who is enrolled) ----

    @Post(value = "/employer/benefits", produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<?> createBenefit(HttpRequest<?> request) {
        return withToken(request, token -> finch.benefits(token, "create", null, List.of()));
    }

    @Post(value = "/employer/benefits/register", produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<?> registerBenefit(HttpRequest<?> request) {
        return withToken(request, token -> finch.benefits(token, "register", null, List.of()));
    }

    @Post(value = "/employer/benefits/{benefitId}", produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<?> updateBenefit(HttpRequest<?> request, String benefitId) {
        return withToken(request, token -> finch.benefits(token, "update", benefitId, List.of()));
    }

    @Post(value = "/employer/benefits/{benefitId}/individuals", produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<?> enroll(HttpRequest<?> request, String benefitId, @Body @Nullable String body) {
        // [{individual_id, configuration}]
        List<String> individuals = strings(body, node -> node.isArray() ? node.values() : List.of(), "individual_id");
        return withToken(request, token -> finch.benefits(token, "enroll", benefitId, individuals));
    }

    @Delete(value = "/employer/benefits/{benefitId}/individuals", produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    HttpResponse<?> unenroll(HttpRequest<?> request, String benefitId, @Body @Nullable String body) {
        // {individual_ids: [...]}
        List<String> individuals = strings(body, node -> node.isObject() && node.get("individual_ids") != null
                ? node.get("individual_ids").values() : List.of(), null);
        return withToken(request, token -> finch.benefits(token, "unenroll", benefitId, individuals));
    }

    /** Strings found in a JSON body: the listed values themselves, or each listed object's {@code field}. */
    private List<String> strings(String body, Function<JsonNode, Iterable<JsonNode>> list, @Nullable String field) {
        List<String> out = new ArrayList<>();
        try {
            JsonNode root = body == null || body.isBlank() ? null : json.readValue(body, JsonNode.class);
            if (root != null) {
                for (JsonNode item : list.apply(root)) {
                    JsonNode value = field == null ? item : item.get(field);
                    if (value != null && value.isString()) {
                        out.add(value.getStringValue());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return out;
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
