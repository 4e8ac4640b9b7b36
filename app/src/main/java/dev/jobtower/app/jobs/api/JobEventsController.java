package dev.jobtower.app.jobs.api;

import dev.jobtower.app.jobs.events.JobChangeFeed;
import dev.jobtower.app.jobs.events.EventStreamLimits;
import dev.jobtower.app.limits.Limits;
import dev.jobtower.app.security.Tokens;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.tenancy.ApiKeyFilter;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.app.jobs.events.EventSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.app.web.StandardErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.Set;

/**
 * {@code GET /api/v1/jobs/events}: the tenant's job changes as server-sent events ({@code event: job},
 * {@code id:} the change number, {@code data:} the job summary), filtered like the list, resumable with
 * {@code Last-Event-ID}, with a comment line as heartbeat.
 */
@Controller("/api/v1/jobs/events")
@Tag(name = "jobs")
@SecurityRequirement(name = ApiDocs.API_KEY)
public class JobEventsController {
    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final JobChangeFeed feed;
    private final Duration heartbeat;
    private EventStreamLimits limits;
    private Tenancy tenancy;
    private Clock clock;
    private Scheduler blocking;
    private dev.jobtower.app.vendors.VendorModules vendors;

    public JobEventsController(JobChangeFeed feed, EventSettings settings) {
        this.feed = feed;
        this.heartbeat = settings.heartbeat();
    }

    /** The registered vendors, which the {@code provider} filter names. */
    @Inject
    void useVendorModules(dev.jobtower.app.vendors.VendorModules modules) {
        this.vendors = modules;
    }

    /** The stream cap per key and the end of a revoked key's streams (API.md "Limits and fairness"). */
    @Inject
    void useLimits(EventStreamLimits streamLimits, Tenancy keys, Clock time,
                   @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        this.limits = streamLimits;
        this.tenancy = keys;
        this.clock = time;
        this.blocking = Schedulers.fromExecutorService(blockingExecutor, "job-events-key-check");
    }

    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(operationId = "streamJobEvents",
            summary = "Stream job changes (text/event-stream); takes the list's filters and Last-Event-ID")
    @JobFilterParameters
    @ApiResponse(responseCode = "200", description = "Server-sent events: `event: job`, `id:` the change number, "
            + "`data:` the job summary (JSON); comment lines as heartbeat.",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE)
    @StandardErrors
    public Publisher<Event<?>> events(HttpRequest<?> request,
                                      @Parameter(description = "Resume after this event id (a whole number).",
                                              schema = @Schema(type = "string", pattern = "^[0-9]{1,18}$"))
                                      @Nullable @Header(LAST_EVENT_ID) String lastEventId) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobFilterParser parser = new JobFilterParser(request, Set.of(), vendors);
        JobFilter filter = parser.filter();
        parser.requireValid();
        Long resumeAfter = parseLastEventId(lastEventId);
        String apiKey = Tokens.bearer(request.getHeaders().getAuthorization().orElse(null));
        byte[] keyHash = Tokens.sha256(apiKey);
        if (!limits.tryOpen(keyHash)) {
            throw Limits.rateLimited("at most " + limits.maxPerKey() + " event streams may be open at once per API key "
                    + "(JOBTOWER_EVENTS_MAX_STREAMS_PER_KEY); close one first", clock.instant().plusSeconds(5));
        }
        // the key is checked again now and then: a revoked key's streams end (within 5 s)
        Flux<Long> revoked = Flux.interval(limits.keyCheckInterval(), limits.keyCheckInterval())
                .onBackpressureDrop()
                .concatMap(n -> Mono.fromCallable(() -> tenancy.authenticate(apiKey).isPresent())
                        .subscribeOn(blocking).onErrorReturn(true), 1)
                .filter(live -> !live).map(live -> 0L).take(1);
        return feed.subscribe(tenant, filter, resumeAfter).publish(signals -> Flux.merge(
                signals.map(JobEventsController::event),
                // a comment now and then keeps proxies from closing an idle stream and shows a dead one
                Flux.interval(heartbeat, heartbeat).map(n -> Event.of("").comment("heartbeat"))
                        .takeUntilOther(signals.then())))
                .takeUntilOther(revoked)
                .doFinally(signal -> limits.close(keyHash));
    }

    private static Event<?> event(JobChangeFeed.Signal signal) {
        if (signal instanceof JobChangeFeed.Start start) {
            return Event.of("").comment("live after " + start.from());
        }
        JobChangeFeed.Change change = (JobChangeFeed.Change) signal;
        return Event.of(JobViews.summary(change.change().job())).name("job").id(Long.toString(change.change().seq()));
    }

    private static Long parseLastEventId(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (value.length() > 18 || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw ApiException.validation(LAST_EVENT_ID, "must be the id of an event of this stream (a whole number)");
        }
        return Long.parseLong(value);
    }
}
