package dev.jobtower.app.jobs.api;

import dev.jobtower.app.web.ApiDocs;
import dev.jobtower.app.web.StandardErrors;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import dev.jobtower.app.problem.Problem;
import dev.jobtower.app.tenancy.ApiKeyFilter;
import dev.jobtower.app.web.QueryParameters;
import dev.jobtower.domain.analytics.Bucket;
import dev.jobtower.domain.analytics.DurationGroup;
import dev.jobtower.domain.analytics.Interval;
import dev.jobtower.domain.analytics.JobAnalytics;
import dev.jobtower.domain.analytics.TimeField;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Analytics over the tenant's jobs (API.md "Analytics"): durations of finished jobs and counts over
 * time, each with the list's filters.
 */
@SecurityRequirement(name = ApiDocs.API_KEY)
@Controller("/api/v1/jobs/stats")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "jobs")
public class JobAnalyticsController {
    private static final String PROBLEM_JSON = "application/problem+json";

    private final JobAnalytics analytics;
    private final Clock clock;
    private dev.jobtower.app.vendors.VendorModules vendors;

    public JobAnalyticsController(JobAnalytics analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    /** The registered vendors, which the {@code provider} filter names. */
    @jakarta.inject.Inject
    void useVendorModules(dev.jobtower.app.vendors.VendorModules modules) {
        this.vendors = modules;
    }

    /** Durations per group: count and max exact, percentiles within 2 %. */
    @Serdeable
    public record Durations(List<Map<String, Object>> groups) {
    }

    /** Counts per bucket of time; every bucket of the window is present. */
    @Serdeable
    public record Timeseries(String interval, String field, List<TimeBucket> buckets) {
    }

    /** One bucket: its start and one group per combination of the grouped keys (none when empty). */
    @Serdeable
    public record TimeBucket(Instant start, List<Map<String, Object>> groups) {
    }

    @Get("/durations")
    @StandardErrors
    @Operation(operationId = "getJobDurations",
            summary = "Durations of finished jobs (completedAt − startedAt, else createdAt): count, p50, p95, max "
                    + "per group (default by provider and type); takes the list's filters")
    @ApiResponse(responseCode = "200", description = "one group per combination of the grouped keys")
    public Durations durations(HttpRequest<?> request) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobFilterParser parser = new JobFilterParser(request, Set.of("groupBy"), vendors);
        JobFilter filter = parser.filter();
        List<GroupKey> groupBy = groupBy(request, parser, List.of(GroupKey.PROVIDER, GroupKey.TYPE));
        parser.requireValid();
        List<DurationGroup> groups = analytics.durations(tenant, filter, groupBy);
        return new Durations(groups.stream().map(g -> {
            Map<String, Object> group = keys(groupBy, g.keys());
            group.put("count", g.count());
            group.put("p50Seconds", g.p50Seconds());
            group.put("p95Seconds", g.p95Seconds());
            group.put("maxSeconds", g.maxSeconds());
            return group;
        }).toList());
    }

    @Get("/timeseries")
    @StandardErrors
    @Operation(operationId = "getJobTimeseries",
            summary = "Job counts per hour or day (by completedAt, or createdAt), grouped (default by status); takes "
                    + "the list's filters, a createdAfter or completedAfter is required")
    @ApiResponse(responseCode = "200", description = "every bucket of the window, empty ones with no groups")
    public Timeseries timeseries(HttpRequest<?> request) {
        TenantId tenant = ApiKeyFilter.tenantOf(request);
        JobFilterParser parser = new JobFilterParser(request, Set.of("groupBy", "interval", "field"), vendors);
        JobFilter filter = parser.filter();
        List<GroupKey> groupBy = groupBy(request, parser, List.of(GroupKey.STATUS));
        Interval interval = choice(parser, "interval", Interval.HOUR, Interval::fromWireName, "hour, day");
        TimeField field = choice(parser, "field", TimeField.COMPLETED_AT, TimeField::fromWireName, "createdAt, completedAt");
        parser.requireValid();
        Instant after = field == TimeField.CREATED_AT ? first(filter.createdAfter(), filter.completedAfter())
                : first(filter.completedAfter(), filter.createdAfter());
        if (after == null) {
            parser.error("createdAfter", "a createdAfter or completedAfter is required: the start of the window");
            parser.requireValid();
        }
        Instant before = field == TimeField.CREATED_AT ? filter.createdBefore() : filter.completedBefore();
        Instant to = before != null ? before : clock.instant();
        if (to.isBefore(after)) {
            to = after;
        }
        long buckets = interval.bucketCount(after, to);
        if (buckets > Interval.MAX_BUCKETS) {
            parser.error("interval", "the window would have " + buckets + " buckets of one " + interval.wireName()
                    + ", at most " + Interval.MAX_BUCKETS + " are answered: use a longer interval or a shorter window");
            parser.requireValid();
        }
        List<Bucket> series = analytics.timeseries(tenant, filter, field, interval, after, to, groupBy);
        return new Timeseries(interval.wireName(), field.wireName(), series.stream().map(b -> new TimeBucket(b.start(),
                b.groups().stream().map(g -> {
                    Map<String, Object> group = keys(groupBy, g.keys());
                    group.put("count", g.count());
                    return group;
                }).toList())).toList());
    }

    private static List<GroupKey> groupBy(HttpRequest<?> request, JobFilterParser parser, List<GroupKey> defaults) {
        return QueryParameters.values(request, "groupBy").isEmpty() ? defaults : parser.groupBy();
    }

    private static <T> T choice(JobFilterParser parser, String name, T fallback,
                                java.util.function.Function<String, Optional<T>> parse, String allowed) {
        String text = parser.single(name);
        if (text == null) {
            return fallback;
        }
        Optional<T> value = parse.apply(text.strip());
        if (value.isEmpty()) {
            parser.error(name, "must be one of " + allowed);
            return fallback;
        }
        return value.get();
    }

    private static Map<String, Object> keys(List<GroupKey> groupBy, Map<GroupKey, String> values) {
        Map<String, Object> group = new LinkedHashMap<>();
        groupBy.forEach(k -> group.put(k.wireName(), values.get(k)));
        return group;
    }

    private static Instant first(Instant a, Instant b) {
        return a != null ? a : b;
    }
}
