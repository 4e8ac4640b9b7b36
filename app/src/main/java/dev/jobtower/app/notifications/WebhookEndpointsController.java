package dev.jobtower.app.notifications;

import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.app.web.StandardErrors;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import dev.jobtower.app.jobs.api.CursorCodec;
import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.Problem;
import dev.jobtower.app.tenancy.ApiKeyFilter;
import dev.jobtower.app.web.JsonBody;
import dev.jobtower.app.web.QueryParameters;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.query.Keyset;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Notifications: the tenant's webhook endpoints, their message log, resend, recover and test. */
@SecurityRequirement(name = ApiDocs.API_KEY)
@Controller("/api/v1/webhook-endpoints")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "notifications")
public class WebhookEndpointsController {
    private static final int MAX_DESCRIPTION = 500;
    private static final int MAX_FILTER_VALUES = 100;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final String PROBLEM_JSON = "application/problem+json";

    private final WebhookEndpointStore endpoints;
    private final WebhookMessages messages;
    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final EndpointUrlGuard guard;
    private final CursorCodec cursors;
    private final JsonMapper json;
    private final Clock clock;
    private dev.jobtower.app.vendors.VendorModules vendors;

    public WebhookEndpointsController(WebhookEndpointStore endpoints, WebhookMessages messages, WebhookOutbox outbox,
                                      WebhookSender sender, EndpointUrlGuard guard, CursorCodec cursors, JsonMapper json,
                                      Clock clock) {
        this.endpoints = endpoints;
        this.messages = messages;
        this.outbox = outbox;
        this.sender = sender;
        this.guard = guard;
        this.cursors = cursors;
        this.json = json;
        this.clock = clock;
    }

    /** The registered vendors, which {@code filter.provider} names. */
    @jakarta.inject.Inject
    void useVendorModules(dev.jobtower.app.vendors.VendorModules modules) {
        this.vendors = modules;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    @StandardErrors
    @Operation(operationId = "createWebhookEndpoint", summary = "Register an endpoint; its signing secret is shown only here",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.CreateWebhookEndpointRequest.class))))
    @ApiResponse(responseCode = "201", description = "the endpoint, with its secret",
            content = @Content(schema = @Schema(implementation = WebhookViews.CreatedEndpointView.class)))
    public WebhookViews.CreatedEndpointView create(HttpRequest<?> request, @Body String body) {
        UUID tenant = ApiKeyFilter.tenantOf(request).value();
        QueryParameters.requireKnown(request, Set.of());
        JsonBody fields = JsonBody.parse(json, body, Set.of("url", "description", "events", "filter"));
        String url = url(fields, true);
        String description = fields.string("description", false, MAX_DESCRIPTION);
        List<String> events = fields.has("events") ? events(fields) : WebhookEndpoint.EVENT_TYPES;
        WebhookEndpoint.Filter filter = fields.has("filter") ? filter(fields) : WebhookEndpoint.Filter.NONE;
        fields.requireValid();
        WebhookEndpoint endpoint = new WebhookEndpoint(UUID.randomUUID(), tenant, url, description, events, filter, true,
                null, clock.instant());
        String secret = WebhookSignature.newSecret();
        endpoints.create(endpoint, secret);
        WebhookViews.EndpointView v = WebhookViews.EndpointView.of(endpoint);
        return new WebhookViews.CreatedEndpointView(v.id(), v.url(), v.description(), v.events(), v.filter(), v.enabled(),
                v.disabledReason(), v.createdAt(), secret);
    }

    @Get
    @StandardErrors
    @Operation(operationId = "listWebhookEndpoints", summary = "The tenant's webhook endpoints")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WebhookViews.EndpointList.class)))
    public WebhookViews.EndpointList list(HttpRequest<?> request) {
        QueryParameters.requireKnown(request, Set.of());
        return new WebhookViews.EndpointList(endpoints.list(ApiKeyFilter.tenantOf(request).value()).stream()
                .map(WebhookViews.EndpointView::of).toList());
    }

    @Get("/{id}")
    @StandardErrors
    @Operation(operationId = "getWebhookEndpoint", summary = "One webhook endpoint (never its secret)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WebhookViews.EndpointView.class)))
    @ApiResponse(responseCode = "404", description = "no such endpoint for this tenant",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public WebhookViews.EndpointView get(HttpRequest<?> request, String id) {
        QueryParameters.requireKnown(request, Set.of());
        return WebhookViews.EndpointView.of(find(request, id));
    }

    @Patch("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @StandardErrors
    @Operation(operationId = "updateWebhookEndpoint", summary = "Change an endpoint's url, description, events, filter or enabled",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.UpdateWebhookEndpointRequest.class))))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WebhookViews.EndpointView.class)))
    @ApiResponse(responseCode = "404", description = "no such endpoint for this tenant",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public WebhookViews.EndpointView update(HttpRequest<?> request, String id, @Body String body) {
        QueryParameters.requireKnown(request, Set.of());
        WebhookEndpoint current = find(request, id);
        JsonBody fields = JsonBody.parse(json, body, Set.of("url", "description", "events", "filter", "enabled"));
        String url = fields.has("url") ? url(fields, true) : current.url();
        String description = fields.has("description") ? fields.string("description", false, MAX_DESCRIPTION)
                : current.description();
        List<String> events = fields.has("events") ? events(fields) : current.events();
        WebhookEndpoint.Filter filter = fields.has("filter") ? filter(fields) : current.filter();
        boolean enabled = current.enabled();
        if (fields.has("enabled")) {
            if (fields.value("enabled") instanceof Boolean b) {
                enabled = b;
            } else {
                fields.error("enabled", "must be true or false");
            }
        }
        fields.requireValid();
        return WebhookViews.EndpointView.of(endpoints.update(new WebhookEndpoint(current.id(), current.tenantId(), url,
                description, events, filter, enabled, current.disabledReason(), current.createdAt()))
                .orElseThrow(() -> ApiException.notFound("the webhook endpoint")));
    }

    @Delete("/{id}")
    @StandardErrors
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete an endpoint and its message log")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "404", description = "no such endpoint for this tenant",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<Void> delete(HttpRequest<?> request, String id) {
        QueryParameters.requireKnown(request, Set.of());
        WebhookEndpoint endpoint = find(request, id);
        endpoints.delete(endpoint.tenantId(), endpoint.id());
        return HttpResponse.noContent();
    }

    @Post("/{id}/rotate-secret")
    @StandardErrors
    @Operation(operationId = "rotateWebhookEndpointSecret",
            summary = "A new signing secret (shown once); for 24 h messages carry signatures by the new and the old one")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WebhookViews.SecretView.class)))
    @ApiResponse(responseCode = "404", description = "no such endpoint for this tenant",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public WebhookViews.SecretView rotate(HttpRequest<?> request, String id) {
        QueryParameters.requireKnown(request, Set.of());
        WebhookEndpoint endpoint = find(request, id);
        String secret = WebhookSignature.newSecret();
        if (!endpoints.rotate(endpoint.tenantId(), endpoint.id(), secret)) {
            throw ApiException.notFound("the webhook endpoint");
        }
        return new WebhookViews.SecretView(secret);
    }

    @Get("/{id}/messages")
    @StandardErrors
    @Operation(operationId = "listWebhookMessages", summary = "The endpoint's messages, newest first, with every attempt (kept 30 days)",
            parameters = {
                    @Parameter(name = "status", in = ParameterIn.QUERY, schema = @Schema(type = "string", allowableValues = {"pending", "succeeded", "failed"})),
                    @Parameter(name = "cursor", in = ParameterIn.QUERY, schema = @Schema(type = "string")),
                    @Parameter(name = "limit", in = ParameterIn.QUERY, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))})
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WebhookViews.MessageList.class)))
    @ApiResponse(responseCode = "404", description = "no such endpoint for this tenant",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public WebhookViews.MessageList messages(HttpRequest<?> request, String id) {
        QueryParameters.requireKnown(request, Set.of("status", "cursor", "limit"));
        WebhookEndpoint endpoint = find(request, id);
        String status = QueryParameters.single(request, "status");
        if (status != null && !List.of(WebhookMessages.PENDING, WebhookMessages.SUCCEEDED, WebhookMessages.FAILED)
                .contains(status)) {
            throw ApiException.validation("status", "must be one of pending, succeeded, failed");
        }
        int limit = DEFAULT_LIMIT;
        String limitText = QueryParameters.single(request, "limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiException.validation("limit", "must be an integer from 1 to " + MAX_LIMIT);
            }
        }
        String shape = "webhook-messages|" + endpoint.id() + "|" + status;
        String cursor = QueryParameters.single(request, "cursor");
        Keyset after = cursor == null ? null : cursors.decode(cursor, shape);
        List<WebhookMessages.Logged> page = messages.log(endpoint.id(), status, after == null ? null : after.sortValue(),
                after == null ? null : after.id(), limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            WebhookMessages.Logged last = page.get(limit - 1);
            next = cursors.encode(new Keyset(last.createdAt(), last.id(), last.createdAt()), shape);
        }
        return new WebhookViews.MessageList(page.stream().map(WebhookViews.MessageView::of).toList(), next);
    }

    @Post("/{id}/messages/{messageId}/resend")
    @Status(HttpStatus.ACCEPTED)
    @StandardErrors
    @Operation(operationId = "resendWebhookMessage", summary = "Send one message again now (its retry schedule starts over)")
    @ApiResponse(responseCode = "202", description = "queued for delivery")
    @ApiResponse(responseCode = "404", description = "no such endpoint or message for this tenant",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<Void> resend(HttpRequest<?> request, String id, String messageId) {
        QueryParameters.requireKnown(request, Set.of());
        WebhookEndpoint endpoint = find(request, id);
        UUID message = uuid("messageId", messageId, "a message id (UUID)");
        if (!messages.resend(endpoint.id(), message)) {
            throw ApiException.notFound("the message");
        }
        return HttpResponse.accepted();
    }

    @Post("/{id}/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Status(HttpStatus.ACCEPTED)
    @StandardErrors
    @Operation(operationId = "recoverWebhookEndpoint", summary = "Send every failed message since a time again",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookViews.RecoverWebhookEndpointRequest.class))))
    @ApiResponse(responseCode = "202", description = "how many messages were queued again",
            content = @Content(schema = @Schema(implementation = WebhookViews.Recovered.class)))
    @ApiResponse(responseCode = "404", description = "no such endpoint for this tenant",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public HttpResponse<WebhookViews.Recovered> recover(HttpRequest<?> request, String id, @Body String body) {
        QueryParameters.requireKnown(request, Set.of());
        WebhookEndpoint endpoint = find(request, id);
        JsonBody fields = JsonBody.parse(json, body, Set.of("since"));
        String sinceText = fields.string("since", true, 64);
        Instant since = null;
        if (sinceText != null) {
            try {
                since = Instant.parse(sinceText);
            } catch (DateTimeParseException e) {
                fields.error("since", "must be an ISO-8601 UTC time such as 2026-03-02T09:14:05Z");
            }
        }
        fields.requireValid();
        return HttpResponse.accepted().body(new WebhookViews.Recovered(messages.recover(endpoint.id(), since)));
    }

    @Post("/{id}/test")
    @StandardErrors
    @Operation(operationId = "testWebhookEndpoint", summary = "Send a webhook.test message now and answer what the endpoint said")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WebhookViews.TestResult.class)))
    @ApiResponse(responseCode = "404", description = "no such endpoint for this tenant",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public WebhookViews.TestResult test(HttpRequest<?> request, String id) {
        QueryParameters.requireKnown(request, Set.of());
        WebhookEndpoint endpoint = find(request, id);
        String body = outbox.write(new TestMessage(WebhookEndpoint.TEST, clock.instant(), Map.of("endpointId", endpoint.id())));
        WebhookMessages.Attempt a = sender.send(endpoint.url(), "test_" + UUID.randomUUID(), body,
                endpoints.signingSecrets(endpoint.id())).join().attempt();
        return new WebhookViews.TestResult(a.responseStatus(), a.durationMs(), a.error());
    }

    /** The body of a {@code webhook.test} message. */
    @io.micronaut.serde.annotation.Serdeable
    public record TestMessage(String type, Instant timestamp, Map<String, Object> data) {
    }

    private String url(JsonBody fields, boolean required) {
        String url = fields.string("url", required, EndpointUrlGuard.MAX_URL_LENGTH);
        if (url != null) {
            guard.refusal(url).ifPresent(reason -> fields.error("url", reason));
        }
        return url;
    }

    private static List<String> events(JsonBody fields) {
        List<String> values = strings(fields, "events", fields.value("events"));
        if (values == null) {
            return List.of();
        }
        if (values.isEmpty()) {
            fields.error("events", "must name at least one of " + String.join(", ", WebhookEndpoint.EVENT_TYPES));
        }
        for (String v : values) {
            if (!WebhookEndpoint.EVENT_TYPES.contains(v)) {
                fields.error("events", "must be a subset of " + String.join(", ", WebhookEndpoint.EVENT_TYPES));
                return List.of();
            }
        }
        return values.stream().distinct().toList();
    }

    private WebhookEndpoint.Filter filter(JsonBody fields) {
        Object value = fields.value("filter");
        if (!(value instanceof Map<?, ?> map)) {
            fields.error("filter", "must be a JSON object");
            return WebhookEndpoint.Filter.NONE;
        }
        for (Object key : map.keySet()) {
            if (!Set.of("provider", "status", "type", "connectionId").contains(key)) {
                fields.error("filter." + key, "is not a known field");
            }
        }
        List<String> providers = orEmpty(strings(fields, "filter.provider", map.get("provider")));
        for (String p : providers) {
            if (vendors.find(p).isEmpty()) {
                fields.error("filter.provider", "must list " + vendors.namesOr());
            }
        }
        List<String> statuses = orEmpty(strings(fields, "filter.status", map.get("status")));
        for (String s : statuses) {
            try {
                JobStatus.valueOf(s);
            } catch (IllegalArgumentException e) {
                fields.error("filter.status", "must list job statuses such as RUNNING or FAILED");
            }
        }
        List<String> types = orEmpty(strings(fields, "filter.type", map.get("type")));
        List<UUID> connections = new ArrayList<>();
        for (String c : orEmpty(strings(fields, "filter.connectionId", map.get("connectionId")))) {
            try {
                connections.add(UUID.fromString(c));
            } catch (IllegalArgumentException e) {
                fields.error("filter.connectionId", "must list connection ids (UUIDs)");
            }
        }
        return new WebhookEndpoint.Filter(providers, statuses, types, connections);
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static List<String> strings(JsonBody fields, String name, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || list.size() > MAX_FILTER_VALUES) {
            fields.error(name, "must be an array of at most " + MAX_FILTER_VALUES + " strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s) || s.isBlank() || s.length() > 200 || s.indexOf('\0') >= 0) {
                fields.error(name, "must be an array of non-blank strings");
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private WebhookEndpoint find(HttpRequest<?> request, String id) {
        UUID endpointId = uuid("id", id, "a webhook endpoint id (UUID)");
        return endpoints.find(ApiKeyFilter.tenantOf(request).value(), endpointId)
                .orElseThrow(() -> ApiException.notFound("the webhook endpoint"));
    }

    private static UUID uuid(String parameter, String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(parameter, "must be " + what);
        }
    }
}
