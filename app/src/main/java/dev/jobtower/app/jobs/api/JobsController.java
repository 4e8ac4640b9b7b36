package dev.jobtower.app.jobs.api;

import dev.jobtower.app.WorkExecutors;
import dev.jobtower.app.limits.TenantVendorCalls;
import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.DomainProblems;
import dev.jobtower.app.problem.ProblemResponses;
import dev.jobtower.app.security.Tokens;
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
import dev.jobtower.domain.query.JobStore;
import dev.jobtower.domain.query.Keyset;
import dev.jobtower.domain.tracking.EnqueueCommand;
import dev.jobtower.domain.tracking.EnqueueInDoubt;
import dev.jobtower.domain.tracking.JobSync;
import dev.jobtower.domain.tracking.TrackCommand;
import dev.jobtower.domain.tracking.UnknownJob;
import dev.jobtower.domain.tracking.UseCases;
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

/** The jobs API: one query surface over every vendor, plus enqueue, track and refresh. */
@Controller("/api/v1/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "jobs")
public class JobsController {
    private final JobStore jobs;
    private final JobSync sync;
    private final CursorCodec cursors;
    private final IdempotencyKeys idempotency;
    private final JsonMapper json;
    private final Clock clock;
    /** Issue 12 (retention): whether a job's raw payload has passed JOBTOWER_RETENTION_RAW. */
    @jakarta.inject.Inject
    dev.jobtower.app.retention.RetentionSweep retention;
    private TenantVendorCalls vendorCalls;

    public JobsController(JobStore jobs, JobSync sync, CursorCodec cursors, IdempotencyKeys idempotency,
                          JsonMapper json, Clock clock) {
        this.jobs = jobs;
        this.sync = sync;
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

    /** A page of jobs. */
    @Serdeable
    public record JobList(List<JobSummaryView> items, String nextCursor) {
    }

    /** A job's status history, oldest first. */
    @Serdeable
    public record History(List<HistoryEntry> items) {
    }

    /** One status change. */
    @Serdeable
    public record HistoryEntry(Instant at, JobStatus status, StatusReason statusReason, String vendorStatus, String source) {
    }

    /** Job counts: the total and one group per combination of the grouped keys (only those keys). */
    @Serdeable
    public record Stats(long total, List<Map<String, Object>> groups) {
    }

    /** The answer to tracking an anon job that has no runs yet. */
    @Serdeable
    public record Watching(String watching, List<JobSummaryView> items) {
    }

    @Get
    @Operation(summary = "List jobs across every vendor, filtered, sorted and keyset-paginated")
    public JobList list(HttpRequest<?> request) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobFilterParser parser = new JobFilterParser(request, Set.of("sort", "limit", "cursor"));
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
        JobPage page = jobs.list(tenant, new JobQuery(filter, sort, limit, after));
        return new JobList(page.items().stream().map(JobViews::summary).toList(),
                page.next() == null ? null : cursors.encode(page.next(), shape));
    }

    @Get("/stats")
    @Operation(summary = "Count jobs, grouped (default by provider and status); takes the list's filters")
    public Stats stats(HttpRequest<?> request) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobFilterParser parser = new JobFilterParser(request, Set.of("groupBy"));
        JobFilter filter = parser.filter();
        List<GroupKey> groupBy = parser.groupBy();
        parser.requireValid();
        JobStats stats = jobs.stats(tenant, filter, groupBy);
        return new Stats(stats.total(), stats.groups().stream().map(g -> {
            Map<String, Object> group = new LinkedHashMap<>();
            groupBy.forEach(k -> group.put(k.wireName(), g.keys().get(k)));
            group.put("count", g.count());
            return group;
        }).toList());
    }

    @Get("/{id}")
    @Operation(summary = "One job, in full")
    public JobView get(HttpRequest<?> request, String id) {
        QueryParameters.requireKnown(request, Set.of());
        return JobViews.full(find(request, id));
    }

    @Get(value = "/{id}/raw", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The vendor's last payload for the job, verbatim")
    public HttpResponse<String> raw(HttpRequest<?> request, String id) {
        QueryParameters.requireKnown(request, Set.of());
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobId jobId = jobId(id);
        dev.jobtower.domain.job.Job job = jobs.find(tenant, jobId).orElseThrow(() -> ApiException.notFound("the job"));
        if (retention.rawExpired(job.status().isTerminal(), job.updatedAt())) {
            throw ApiException.gone("the job's raw payload is no longer kept (JOBTOWER_RETENTION_RAW after the job finished)");
        }
        return HttpResponse.ok(jobs.rawPayload(tenant, jobId).orElse("null")).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get("/{id}/history")
    @Operation(summary = "The job's status changes, oldest first")
    public History history(HttpRequest<?> request, String id) {
        QueryParameters.requireKnown(request, Set.of());
        Job job = find(request, id);
        List<StatusChange> changes = jobs.history(job.tenantId(), job.id());
        return new History(changes.stream().map(c -> new HistoryEntry(c.at(), c.status(), c.statusReason(),
                c.vendorStatus(), c.source().wireName())).toList());
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(WorkExecutors.API_VENDOR)
    @Operation(summary = "Start a new job at the vendor behind a connection (honours Idempotency-Key)")
    public HttpResponse<?> enqueue(HttpRequest<?> request, @Body String body,
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
        UseCases.Enqueued enqueued = sync.enqueue(new EnqueueCommand(tenant, connection, type, params, reuseExternalId),
                vendorCreated);
        return HttpResponse.status(enqueued.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(JobViews.full(enqueued.job()));
    }

    @Post("/track")
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(WorkExecutors.API_VENDOR)
    @Operation(summary = "Start following a job that already exists at the vendor")
    public HttpResponse<?> track(HttpRequest<?> request, @Body String body) {
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
        UseCases.Tracked tracked = sync.track(new TrackCommand(tenant, connection, externalId.strip()));
        if (tracked.jobs().isEmpty()) {
            return HttpResponse.accepted().body(new Watching(tracked.watching(), List.of()));
        }
        return HttpResponse.status(tracked.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(JobViews.full(tracked.jobs().get(0)));
    }

    @Post("/{id}/refresh")
    @ExecuteOn(WorkExecutors.API_VENDOR)
    @Operation(summary = "Read the job from its vendor now (a failed read answers the stored copy, stale)")
    public JobView refresh(HttpRequest<?> request, String id) {
        QueryParameters.requireKnown(request, Set.of());
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobId job = jobId(id);
        try {
            return JobViews.full(vendorCalls.run(tenant, () -> sync.refresh(tenant, job)));
        } catch (UnknownJob e) {
            throw ApiException.notFound("the job");
        }
    }

    private Job find(HttpRequest<?> request, String id) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        return jobs.find(tenant, jobId(id)).orElseThrow(() -> ApiException.notFound("the job"));
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
