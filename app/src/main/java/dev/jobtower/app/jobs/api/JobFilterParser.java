package dev.jobtower.app.jobs.api;

import dev.jobtower.app.problem.ApiException;
import dev.jobtower.app.problem.Problem;
import dev.jobtower.app.vendors.VendorModules;
import dev.jobtower.app.web.QueryParameters;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.ProviderRef;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobSort;
import io.micronaut.http.HttpRequest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the job filters shared by the list, stats and event stream, collecting every bad
 * parameter into one 400 that names each.
 */
final class JobFilterParser {
    static final Set<String> FILTERS = Set.of("provider", "status", "statusReason", "type", "connectionId",
            "externalId", "createdAfter", "createdBefore", "updatedAfter", "updatedBefore", "q",
            "completedAfter", "completedBefore", "overdue");

    /** The years a time filter may name (four-digit ISO-8601 years; PostgreSQL's range is wider, Java's too). */
    static final int MIN_YEAR = 1;
    static final int MAX_YEAR = 9999;

    private final HttpRequest<?> request;
    private final List<Problem.ParameterError> errors = new ArrayList<>();
    private final VendorModules vendors;

    JobFilterParser(HttpRequest<?> request, Set<String> extraParameters, VendorModules vendors) {
        this.request = request;
        this.vendors = vendors;
        Set<String> allowed = new TreeSet<>(FILTERS);
        allowed.addAll(extraParameters);
        QueryParameters.requireKnown(request, allowed);
    }

    JobFilter filter() {
        Set<Provider> providers = enums("provider", vendors::find, vendors.names(", "));
        Set<JobStatus> statuses = enums("status", JobStatus::parse,
                "QUEUED, RUNNING, WAITING, SUCCEEDED, FAILED, CANCELLED, UNKNOWN");
        Set<StatusReason> reasons = enums("statusReason", StatusReason::parse,
                "AUTH_ERROR, PERMISSION_ERROR, VENDOR_ERROR, USER_INPUT_REQUIRED, EXTERNAL_PENDING, RETRYING, PARTIAL, NO_OP");
        Set<String> types = new LinkedHashSet<>(QueryParameters.values(request, "type"));
        Set<ConnectionId> connections = enums("connectionId", JobFilterParser::connectionId, "a connection id (UUID)");
        String externalId = single("externalId");
        if (externalId != null) {
            try {
                ProviderRef.requireExternalId(externalId);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.ParameterError("externalId", e.getMessage()));
            }
        }
        Instant createdAfter = time("createdAfter");
        Instant createdBefore = time("createdBefore");
        Instant updatedAfter = time("updatedAfter");
        Instant updatedBefore = time("updatedBefore");
        String q = single("q");
        if (q != null && q.length() > JobFilter.MAX_Q_LENGTH) {
            errors.add(new Problem.ParameterError("q", "must be at most " + JobFilter.MAX_Q_LENGTH + " characters"));
            q = null;
        }
        Instant completedAfter = time("completedAfter");
        Instant completedBefore = time("completedBefore");
        Boolean overdue = bool("overdue");
        return new JobFilter(providers, statuses, reasons, types, connections, externalId, createdAfter, createdBefore,
                updatedAfter, updatedBefore, q == null || q.isEmpty() ? null : q, completedAfter, completedBefore, overdue);
    }

    JobSort sort() {
        String text = single("sort");
        if (text == null) {
            return JobSort.CREATED_AT_DESC;
        }
        Optional<JobSort> sort = JobSort.fromWireName(text.strip());
        if (sort.isEmpty()) {
            errors.add(new Problem.ParameterError("sort", "must be one of -createdAt, createdAt, -updatedAt, updatedAt"));
            return JobSort.CREATED_AT_DESC;
        }
        return sort.get();
    }

    int limit() {
        String text = single("limit");
        if (text == null) {
            return JobQuery.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= JobQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.ParameterError("limit", "must be a whole number from 1 to " + JobQuery.MAX_LIMIT));
        return JobQuery.DEFAULT_LIMIT;
    }

    List<GroupKey> groupBy() {
        List<String> names = QueryParameters.values(request, "groupBy");
        if (names.isEmpty()) {
            return List.of(GroupKey.PROVIDER, GroupKey.STATUS);
        }
        List<GroupKey> keys = new ArrayList<>();
        for (String name : names) {
            Optional<GroupKey> key = GroupKey.fromWireName(name);
            if (key.isEmpty()) {
                errors.add(new Problem.ParameterError("groupBy",
                        "'" + name + "' is not one of provider, status, statusReason, type, connectionId"));
            } else if (!keys.contains(key.get())) {
                keys.add(key.get());
            }
        }
        return keys;
    }

    String single(String name) {
        try {
            return QueryParameters.single(request, name);
        } catch (ApiException e) {
            errors.add(new Problem.ParameterError(name, "must be given once"));
            return null;
        }
    }

    /** Notes a bad parameter (reported by {@link #requireValid}). */
    void error(String name, String detail) {
        errors.add(new Problem.ParameterError(name, detail));
    }

    /** Throws one 400 naming every bad parameter seen so far. */
    void requireValid() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    /** A canonical text of a filter and sort: what a cursor is bound to. */
    static String shape(JobFilter f, JobSort sort) {
        return String.join("|", sort.wireName(),
                sorted(f.providers().stream().map(Provider::wireName)),
                sorted(f.statuses().stream().map(Enum::name)),
                sorted(f.statusReasons().stream().map(Enum::name)),
                sorted(f.types().stream()),
                sorted(f.connectionIds().stream().map(ConnectionId::toString)),
                String.valueOf(f.externalId()), String.valueOf(f.createdAfter()), String.valueOf(f.createdBefore()),
                String.valueOf(f.updatedAfter()), String.valueOf(f.updatedBefore()), String.valueOf(f.q()),
                String.valueOf(f.completedAfter()), String.valueOf(f.completedBefore()), String.valueOf(f.overdue()));
    }

    private static String sorted(java.util.stream.Stream<String> values) {
        return values.sorted().map(v -> v.replace(",", "\\,")).collect(Collectors.joining(","));
    }

    private <T> Set<T> enums(String name, Function<String, Optional<T>> parser, String allowed) {
        Set<T> values = new LinkedHashSet<>();
        for (String v : QueryParameters.values(request, name)) {
            Optional<T> parsed = parser.apply(v);
            if (parsed.isEmpty()) {
                errors.add(new Problem.ParameterError(name, "'" + truncate(v) + "' is not one of " + allowed));
            } else {
                values.add(parsed.get());
            }
        }
        return values;
    }

    private Instant time(String name) {
        String text = single(name);
        if (text == null) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(text.strip());
            if (time.getYear() < MIN_YEAR || time.getYear() > MAX_YEAR) {
                // PostgreSQL's timestamps end in year 294276: a year it cannot compare must not reach it
                errors.add(new Problem.ParameterError(name, "must have a year from 0001 to 9999"));
                return null;
            }
            return time.toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new Problem.ParameterError(name, "must be an ISO-8601 timestamp such as 2026-03-02T09:14:05Z"));
            return null;
        }
    }

    private Boolean bool(String name) {
        String text = single(name);
        if (text == null) {
            return null;
        }
        return switch (text.strip()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                errors.add(new Problem.ParameterError(name, "must be true or false"));
                yield null;
            }
        };
    }

    private static Optional<ConnectionId> connectionId(String text) {
        try {
            return Optional.of(new ConnectionId(UUID.fromString(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String truncate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
