package dev.jobtower.app.jobs.api;

import dev.jobtower.app.WorkExecutors;
import dev.jobtower.app.limits.TenantVendorCalls;
import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.DomainProblems;
import dev.jobtower.app.problem.ProblemResponses;
import dev.jobtower.app.security.Tokens;
import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.app.web.StandardErrors;
import dev.jobtower.app.tenancy.ApiKeyFilter;
import dev.jobtower.app.web.JsonBody;
import dev.jobtower.app.web.QueryParameters;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Job;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.ProviderRef;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobPage;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobSort;
import dev.jobtower.domain.query.JobStats;
import dev.jobtower.domain.query.Keyset;
import dev.jobtower.domain.tracking.EnqueueCommand;
import dev.jobtower.domain.tracking.EnqueueInDoubt;
import dev.jobtower.domain.tracking.EnqueueingJob;
import dev.jobtower.domain.tracking.GettingJob;
import dev.jobtower.domain.tracking.JobHistory;
import dev.jobtower.domain.tracking.JobStatistics;
import dev.jobtower.domain.tracking.ListingJobs;
import dev.jobtower.domain.tracking.RefreshingJob;
import dev.jobtower.domain.tracking.TrackingJob;
import dev.jobtower.domain.tracking.TrackCommand;
import dev.jobtower.domain.tracking.UnknownJob;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The jobs API: one query surface over every vendor, plus enqueue, track and refresh. */
@Controller("/api/v1/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "jobs")
@SecurityRequirement(name = ApiDocs.API_KEY)
public class JobsController {
    private final ListingJobs listing;
    private final JobStatistics statistics;
    private final GettingJob getting;
    private final JobHistory histories;
    private final EnqueueingJob enqueueing;
    private final TrackingJob tracking;
    private final RefreshingJob refreshing;
    private final CursorCodec cursors;
    private final IdempotencyKeys idempotency;
    private final JsonMapper json;
    private final Clock clock;
    /** Issue 12 (retention): whether a job's raw payload has passed JOBTOWER_RETENTION_RAW. */
    @jakarta.inject.Inject
    dev.jobtower.app.retention.RetentionSweep retention;
    private TenantVendorCalls vendorCalls;
    private dev.jobtower.app.vendors.VendorModules vendors;

    public JobsController(ListingJobs listing, JobStatistics statistics, GettingJob getting, JobHistory histories,
                          EnqueueingJob enqueueing, TrackingJob tracking, RefreshingJob refreshing,
                          CursorCodec cursors, IdempotencyKeys idempotency, JsonMapper json, Clock clock) {
        this.listing = listing;
        this.statistics = statistics;
        this.getting = getting;
        this.histories = histories;
        this.enqueueing = enqueueing;
        this.tracking = tracking;
        this.refreshing = refreshing;
        this.cursors = cursors;
        this.idempotency = idempotency;
        this.json = json;
        this.clock = clock;
    }

    /** {@code JOBTOWER_TENANT_VENDOR_CONCURRENCY} for enqueue, track and refresh (API.md "Limits and fairness"). */
    @jakarta.inject.Inject
    void useTenantVendorCalls(TenantVendorCalls calls) {
        this.vendorCalls = calls;
    }

    /** The registered vendors, which the {@code provider} filter names. */
    @jakarta.inject.Inject
    void useVendorModules(dev.jobtower.app.vendors.VendorModules modules) {
        this.vendors = modules;
    }

    /** A page of jobs. */
    @Serdeable
    public record JobList(List<JobSummaryView> items, @Nullable @Schema(requiredMode = REQUIRED) String nextCursor) {
    }

    /** A job's status history, oldest first. */
    @Serdeable
    public record History(List<HistoryEntry> items) {
    }

    /** One status change. */
    @Serdeable
    public record HistoryEntry(Instant at,
                               JobStatus status,
                               @Schema(ref = ApiDocs.NULLABLE_STATUS_REASON, requiredMode = REQUIRED) String statusReason,
                               @Nullable @Schema(requiredMode = REQUIRED) String vendorStatus,
                               @Schema(requiredMode = REQUIRED, allowableValues = {"create", "track", "discover", "poll", "webhook", "refresh"}) String source) {
    }

    /** Job counts: the total and one group per combination of the grouped keys (only those keys). */
    @Serdeable
    public record Stats(long total,
                        @Schema(ref = "#/components/schemas/JobStatsGroups", requiredMode = REQUIRED)
                        List<Object> groups) {
    }

    /** The answer to tracking an anon job that has no runs yet. */
    @Serdeable
    public record Watching(String watching, List<JobSummaryView> items) {
    }

    @Get
    @Operation(operationId = "listJobs", summary = "List jobs across every vendor, filtered, sorted and keyset-paginated")
    @JobFilterParameters
    @Parameter(name = "sort", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "sort")
    @Parameter(name = "limit", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "limit")
    @Parameter(name = "cursor", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "cursor")
    @ApiResponse(responseCode = "200", description = "A page of job summaries; `nextCursor` is null on the last page.")
    @StandardErrors
    public JobList list(HttpRequest<?> request) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobFilterParser parser = new JobFilterParser(request, Set.of("sort", "limit", "cursor"), vendors);
        JobFilter filter = parser.filter();
        JobSort sort = parser.sort();
        int limit = parser.limit();
        String cursorText = parser.single("cursor");
        parser.requireValid();
        String shape = JobFilterParser.shape(filter, sort);
        Keyset after = null;
        if (cursorText != null) {
            after = cursors.decode(cursorText, shape);
        }
        JobPage page = listing.list(tenant, new JobQuery(filter, sort, limit, after));
        return new JobList(page.items().stream().map(JobViews::summary).toList(),
                page.next() == null ? null : cursors.encode(page.next(), shape));
    }

    @Get("/stats")
    @Operation(operationId = "getJobStats",
            summary = "Count jobs, grouped (default by provider and status); takes the list's filters")
    @JobFilterParameters
    @Parameter(name = "groupBy", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "groupBy")
    @ApiResponse(responseCode = "200", description = "The total and one group per combination of the grouped keys.")
    @StandardErrors
    public Stats stats(HttpRequest<?> request) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobFilterParser parser = new JobFilterParser(request, Set.of("groupBy"), vendors);
        JobFilter filter = parser.filter();
        List<GroupKey> groupBy = parser.groupBy();
        parser.requireValid();
        JobStats stats = statistics.stats(tenant, filter, groupBy);
        return new Stats(stats.total(), stats.groups().stream().<Object>map(g -> {
            Map<String, Object> group = new LinkedHashMap<>();
            groupBy.forEach(k -> group.put(k.wireName(), g.keys().get(k)));
            group.put("count", g.count());
            return group;
        }).toList());
    }

    @Get("/{id}")
    @Operation(operationId = "getJob", summary = "One job, in full")
    @ApiResponse(responseCode = "200", description = "The full job.")
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @StandardErrors
    public JobView get(HttpRequest<?> request, @Parameter(description = "The job id.", schema = @Schema(type = "string", format = "uuid")) String id) {
        QueryParameters.requireKnown(request, Set.of());
        return JobViews.full(find(request, id));
    }

    @Get(value = "/{id}/raw", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJobRaw", summary = "The vendor's last payload for the job, verbatim")
    @ApiResponse(responseCode = "200", description = "The vendor's last payload, verbatim JSON (`null` before the "
            + "first read); secrets never appear in it.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(description = "Any JSON value, as the vendor sent it.", nullable = true)))
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @StandardErrors
    public HttpResponse<String> raw(HttpRequest<?> request, @Parameter(description = "The job id.", schema = @Schema(type = "string", format = "uuid")) String id) {
        QueryParameters.requireKnown(request, Set.of());
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobId jobId = jobId(id);
        dev.jobtower.domain.job.Job job = getting.get(tenant, jobId).orElseThrow(() -> ApiException.notFound("the job"));
        if (retention.rawExpired(job.status().isTerminal(), job.updatedAt())) {
            throw ApiException.gone("the job's raw payload is no longer kept (JOBTOWER_RETENTION_RAW after the job finished)");
        }
        return HttpResponse.ok(getting.rawPayload(tenant, jobId).orElse("null")).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get("/{id}/history")
    @Operation(operationId = "getJobHistory", summary = "The job's status changes, oldest first")
    @ApiResponse(responseCode = "200", description = "One entry each time `(status, statusReason)` changed.")
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @StandardErrors
    public History history(HttpRequest<?> request, @Parameter(description = "The job id.", schema = @Schema(type = "string", format = "uuid")) String id) {
        QueryParameters.requireKnown(request, Set.of());
        List<StatusChange> changes = histories.history(ApiKeyFilter.tenantOf(request), jobId(id))
                .orElseThrow(() -> ApiException.notFound("the job"));
        return new History(changes.stream().map(c -> new HistoryEntry(c.at(), c.status(), JobViews.reason(c.statusReason()),
                c.vendorStatus(), c.source().wireName())).toList());
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(WorkExecutors.API_VENDOR)
    @Operation(operationId = "enqueueJob",
            summary = "Start a new job at the vendor behind a connection (honours Idempotency-Key)")
    @ApiResponse(responseCode = "201", description = "The vendor created the job.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "200", description = "The vendor de-duplicated: the existing job.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "422", ref = ApiDocs.UNPROCESSABLE)
    @ApiResponse(responseCode = "502", ref = ApiDocs.BAD_GATEWAY)
    @StandardErrors
    public HttpResponse<?> enqueue(HttpRequest<?> request,
                                   @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                                           mediaType = MediaType.APPLICATION_JSON,
                                           schema = @Schema(implementation = EnqueueJobRequest.class),
                                           examples = @ExampleObject(name = "finch-w4", value = "{\"connectionId\": "
                                                   + "\"c1a2b3c4-0000-4000-8000-000000000001\", \"type\": "
                                                   + "\"w4_form_employee_sync\", \"params\": {\"individualId\": \"3f1c6a2e\"}}")))
                                   @Body String body,
                                   @Parameter(description = "Repeats answer the first answer again without calling "
                                           + "the vendor (per tenant, kept 24 h); the same key with another body is a 422.",
                                           schema = @Schema(type = "string", minLength = 1, maxLength = 255))
                                   @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        QueryParameters.requireKnown(request, Set.of());
        return vendorCalls.run(tenant, () -> enqueue(tenant, body, idempotencyKey));
    }

    private HttpResponse<?> enqueue(TenantId tenant, String body, String idempotencyKey) {
        if (idempotencyKey == null) {
            return enqueueOnce(tenant, body, null);
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > IdempotencyKeys.MAX_KEY_LENGTH) {
            throw ApiException.validation("Idempotency-Key", "must be 1 to " + IdempotencyKeys.MAX_KEY_LENGTH + " characters");
        }
        IdempotencyKeys.Claim claim = idempotency.claim(tenant, idempotencyKey, Tokens.sha256(body == null ? "" : body));
        if (claim instanceof IdempotencyKeys.Replay replay) {
            MutableHttpResponse<String> again = HttpResponse.<String>status(HttpStatus.valueOf(replay.status()))
                    .body(replay.body());
            return replay.status() >= 400 ? again.contentType(ProblemResponses.PROBLEM_JSON)
                    : again.contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        if (claim instanceof IdempotencyKeys.InFlight) {
            throw ApiException.conflict("a request with this Idempotency-Key is still being answered");
        }
        if (claim instanceof IdempotencyKeys.Mismatch) {
            throw ApiException.unprocessable("Idempotency-Key", "was used before with a different request body");
        }
        String pending = ((IdempotencyKeys.Fresh) claim).pendingExternalId();
        java.util.concurrent.atomic.AtomicBoolean vendorCreated = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            HttpResponse<?> answer = enqueueOnce(tenant, body, pending, externalId -> {
                vendorCreated.set(true);   // from here on the key is never released
                idempotency.vendorCreated(tenant, idempotencyKey, externalId);
            });
            idempotency.complete(tenant, idempotencyKey, answer.code(), write(answer.body()));
            return answer;
        } catch (RuntimeException e) {
            if (vendorCreated.get()) {
                // the vendor made the job, then storing it or the answer failed: the key stays taken with
                // the vendor's id, and a retry after the in-flight timeout stores that job (no second create)
                throw e;
            }
            ApiException api = DomainProblems.toApi(e).orElse(null);
            if (api != null && IdempotencyKeys.storable(api.problem())) {
                idempotency.complete(tenant, idempotencyKey, api.problem().status(), write(api.problem()));
            } else {
                idempotency.release(tenant, idempotencyKey, e instanceof EnqueueInDoubt d ? d.externalId() : null);
            }
            throw e;
        }
    }

    private HttpResponse<JobView> enqueueOnce(TenantId tenant, String body, String reuseExternalId) {
        return enqueueOnce(tenant, body, reuseExternalId, externalId -> {
        });
    }

    private HttpResponse<JobView> enqueueOnce(TenantId tenant, String body, String reuseExternalId,
                                              java.util.function.Consumer<String> vendorCreated) {
        JsonBody fields = JsonBody.parse(json, body, Set.of("connectionId", "type", "params"));
        ConnectionId connection = connectionId(fields);
        String type = fields.string("type", true, 255);
        Map<String, Object> params = fields.object("params", false);
        fields.requireValid();
        EnqueueingJob.Enqueued enqueued = enqueueing.enqueue(new EnqueueCommand(tenant, connection, type, params, reuseExternalId),
                vendorCreated);
        return HttpResponse.status(enqueued.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(JobViews.full(enqueued.job()));
    }

    @Post("/track")
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(WorkExecutors.API_VENDOR)
    @Operation(operationId = "trackJob", summary = "Start following a job that already exists at the vendor")
    @ApiResponse(responseCode = "201", description = "Now tracked.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "200", description = "Already tracked.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "202", description = "An anon job with no runs yet: its future runs are followed.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Watching.class)))
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @ApiResponse(responseCode = "413", ref = ApiDocs.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "502", ref = ApiDocs.BAD_GATEWAY)
    @StandardErrors
    public HttpResponse<?> track(HttpRequest<?> request,
                                 @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                                         mediaType = MediaType.APPLICATION_JSON,
                                         schema = @Schema(implementation = TrackJobRequest.class)))
                                 @Body String body) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        QueryParameters.requireKnown(request, Set.of());
        return vendorCalls.run(tenant, () -> track(tenant, body));
    }

    private HttpResponse<?> track(TenantId tenant, String body) {
        JsonBody fields = JsonBody.parse(json, body, Set.of("connectionId", "externalId"));
        ConnectionId connection = connectionId(fields);
        String externalId = fields.string("externalId", true, ProviderRef.MAX_EXTERNAL_ID_LENGTH);
        if (externalId != null && externalId.chars().anyMatch(Character::isISOControl)) {
            fields.error("externalId", "must not contain control characters");
        }
        fields.requireValid();
        TrackingJob.Tracked tracked = tracking.track(new TrackCommand(tenant, connection, externalId.strip()));
        if (tracked.jobs().isEmpty()) {
            return HttpResponse.accepted().body(new Watching(tracked.watching(), List.of()));
        }
        return HttpResponse.status(tracked.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(JobViews.full(tracked.jobs().get(0)));
    }

    @Post("/{id}/refresh")
    @ExecuteOn(WorkExecutors.API_VENDOR)
    @Operation(operationId = "refreshJob",
            summary = "Read the job from its vendor now (a failed read answers the stored copy, stale)")
    @ApiResponse(responseCode = "200", description = "The job as just read (or the stored copy with `stale: true`).")
    @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @StandardErrors
    public JobView refresh(HttpRequest<?> request, @Parameter(description = "The job id.", schema = @Schema(type = "string", format = "uuid")) String id) {
        QueryParameters.requireKnown(request, Set.of());
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobId job = jobId(id);
        try {
            return JobViews.full(vendorCalls.run(tenant, () -> refreshing.refresh(tenant, job)));
        } catch (UnknownJob e) {
            throw ApiException.notFound("the job");
        }
    }

    private Job find(HttpRequest<?> request, String id) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        return getting.get(tenant, jobId(id)).orElseThrow(() -> ApiException.notFound("the job"));
    }

    private static JobId jobId(String text) {
        try {
            return new JobId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("id", "must be a job id (UUID)");
        }
    }

    private static ConnectionId connectionId(JsonBody fields) {
        String text = fields.string("connectionId", true, 64);
        if (text == null) {
            return null;
        }
        try {
            return new ConnectionId(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException e) {
            fields.error("connectionId", "must be a connection id (UUID)");
            return null;
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
