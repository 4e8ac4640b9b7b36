package dev.jobtower.app.jobs.store;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.QueryTimeout;
import dev.jobtower.app.db.Rows;
import dev.jobtower.domain.analytics.Bucket;
import dev.jobtower.domain.analytics.DurationGroup;
import dev.jobtower.domain.analytics.Interval;
import dev.jobtower.domain.analytics.JobAnalytics;
import dev.jobtower.domain.analytics.TimeField;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.GroupKey;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobStats;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The PostgreSQL {@link JobAnalytics}. Durations filtered and grouped only by provider, status and
 * type come from the histogram kept by trigger (V16 {@code job_duration_hist}: exact counts and max,
 * percentiles within 1 %), so they never scan a tenant's finished jobs; with any other filter (a
 * completion range, a connection, a search…) the matching jobs are bucketed the same way in one hash
 * aggregate (no sort per group), on the tenant's covering completed_at index when a completion range
 * is given.
 * Timeseries count the rows of the window on that index. Every query runs under
 * {@code JOBTOWER_QUERY_TIMEOUT} and may be served by the read replica.
 */
@Singleton
public class PostgresJobAnalytics implements JobAnalytics {
    /** Seconds from start (else creation) to completion; a vendor's completion before its start counts 0. */
    static final String DURATION = "job_duration_seconds(j.created_at, j.started_at, j.completed_at)";
    private static final String TERMINAL = "j.status in ('SUCCEEDED', 'FAILED', 'CANCELLED')";

    private final Database db;
    private final QueryTimeout queryTimeout;

    public PostgresJobAnalytics(Database db, QueryTimeout queryTimeout) {
        this.db = db;
        this.queryTimeout = queryTimeout;
    }

    @Override
    public List<DurationGroup> durations(TenantId tenantId, JobFilter filter, List<GroupKey> groupBy) {
        boolean histogram = filter.onlyGroupableDimensions() && filter.statusReasons().isEmpty()
                && filter.connectionIds().isEmpty() && HISTOGRAM_KEYS.containsAll(groupBy);
        return histogram ? fromHistogram(tenantId, filter, groupBy) : fromJobs(tenantId, filter, groupBy);
    }

    /** The dimensions the duration histogram keeps. */
    private static final Set<GroupKey> HISTOGRAM_KEYS = EnumSet.of(GroupKey.PROVIDER, GroupKey.STATUS, GroupKey.TYPE);

    /** Reads the tenant's histogram rows (one index range) and merges them per group here. */
    private List<DurationGroup> fromHistogram(TenantId tenantId, JobFilter filter, List<GroupKey> groupBy) {
        List<Object> params = new ArrayList<>();
        String where = JobListSql.where(tenantId, filter, params, true);
        boolean byProvider = groupBy.contains(GroupKey.PROVIDER);
        boolean byStatus = groupBy.contains(GroupKey.STATUS);
        boolean byType = groupBy.contains(GroupKey.TYPE);
        // the dimensions not grouped are summed away here (a hash aggregate: fewer rows to send)
        String dims = (byProvider ? "j.provider" : "''") + ", " + (byStatus ? "j.status" : "''") + ", "
                + (byType ? "j.type" : "''");
        String text = "select " + dims + ", j.bucket, sum(j.count), max(j.max_seconds) from job_duration_hist j where "
                + where + " and j.status in ('SUCCEEDED', 'FAILED', 'CANCELLED') group by 1, 2, 3, 4";
        Map<Map<GroupKey, String>, DurationHistogram> byGroup = queryTimeout.replicaRead(db, c -> {
            try (PreparedStatement ps = queryTimeout.prepare(c, text)) {
                Rows.bind(ps, params.toArray());
                // a few thousand rows for a big tenant: grouped here with one string key per row
                Map<String, Map<GroupKey, String>> keysOf = new HashMap<>();
                Map<Map<GroupKey, String>, DurationHistogram> groups = new HashMap<>();
                StringBuilder key = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String provider = byProvider ? rs.getString(1) : null;
                        String status = byStatus ? rs.getString(2) : null;
                        String type = byType ? rs.getString(3) : null;
                        key.setLength(0);
                        key.append(provider).append('\u001f').append(status).append('\u001f').append(type);
                        Map<GroupKey, String> keys = keysOf.computeIfAbsent(key.toString(), k -> {
                            Map<GroupKey, String> m = new EnumMap<>(GroupKey.class);
                            for (GroupKey g : groupBy) {
                                String value = g == GroupKey.PROVIDER ? provider : g == GroupKey.STATUS ? status : type;
                                m.put(g, value == null || value.isEmpty() ? null : value);
                            }
                            return m;
                        });
                        groups.computeIfAbsent(keys, k -> new DurationHistogram())
                                .add(rs.getInt(4), rs.getLong(5), rs.getDouble(6));
                    }
                }
                return groups;
            }
        });
        return ordered(byGroup, groupBy);
    }

    /**
     * Durations computed from the matching jobs themselves, bucketed as the histogram is (one hash
     * aggregate, no sort per group; on the covering completed_at index for a completion range).
     */
    private List<DurationGroup> fromJobs(TenantId tenantId, JobFilter filter, List<GroupKey> groupBy) {
        List<Object> params = new ArrayList<>();
        String where = JobListSql.where(tenantId, filter, params, false);
        String columns = columns(groupBy);
        String text = "select " + (columns.isEmpty() ? "" : columns + ", ") + "job_duration_bucket(" + DURATION
                + ") as bucket, count(*) as n, max(" + DURATION + ") as mx from job j where " + where
                + " and j.completed_at is not null and " + TERMINAL
                + " group by " + (columns.isEmpty() ? "" : columns + ", ") + "job_duration_bucket(" + DURATION + ")";
        Map<Map<GroupKey, String>, DurationHistogram> byGroup = queryTimeout.replicaRead(db, c -> {
            try (PreparedStatement ps = queryTimeout.prepare(c, text)) {
                planPerExecution(ps, filter);
                Rows.bind(ps, params.toArray());
                Map<Map<GroupKey, String>, DurationHistogram> groups = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        groups.computeIfAbsent(keys(rs, groupBy, 0), k -> new DurationHistogram())
                                .add(rs.getInt("bucket"), rs.getLong("n"), rs.getDouble("mx"));
                    }
                }
                return groups;
            }
        });
        return ordered(byGroup, groupBy);
    }

    /** One answer per group, ordered by the grouped keys (absent last). */
    private static List<DurationGroup> ordered(Map<Map<GroupKey, String>, DurationHistogram> byGroup,
                                               List<GroupKey> groupBy) {
        Comparator<Map<GroupKey, String>> order = (a, b) -> {
            for (GroupKey key : groupBy) {
                int d = Comparator.nullsLast(Comparator.<String>naturalOrder()).compare(a.get(key), b.get(key));
                if (d != 0) {
                    return d;
                }
            }
            return 0;
        };
        List<DurationGroup> groups = new ArrayList<>();
        byGroup.entrySet().stream().sorted(Map.Entry.comparingByKey(order)).forEach(e -> {
            DurationHistogram h = e.getValue();
            if (h.count() > 0) {
                groups.add(new DurationGroup(e.getKey(), h.count(), h.percentile(0.5), h.percentile(0.95), h.max()));
            }
        });
        return groups;
    }

    @Override
    public List<Bucket> timeseries(TenantId tenantId, JobFilter filter, TimeField field, Interval interval,
                                   Instant from, Instant to, List<GroupKey> groupBy) {
        String column = field == TimeField.CREATED_AT ? "j.created_at" : "j.completed_at";
        String unit = interval == Interval.HOUR ? "hour" : "day";
        Instant first = interval.floor(from);
        List<Object> params = new ArrayList<>();
        String where = JobListSql.where(tenantId, filter, params, false);
        params.add(from);
        params.add(to);
        String columns = columns(groupBy);
        String bucket = "(date_trunc('" + unit + "', " + column + " at time zone 'UTC') at time zone 'UTC')";
        String text = "select " + bucket + " as bucket" + (columns.isEmpty() ? "" : ", " + columns)
                + ", count(*) as n from job j where " + where + " and " + column + " >= ? and " + column + " < ?"
                + " group by 1" + (columns.isEmpty() ? "" : ", " + columns) + " order by 1"
                + (columns.isEmpty() ? "" : ", " + columns);
        Map<Instant, List<JobStats.Group>> counted = queryTimeout.replicaRead(db, c -> {
            try (PreparedStatement ps = queryTimeout.prepare(c, text)) {
                planPerExecution(ps, filter);
                Rows.bind(ps, params.toArray());
                Map<Instant, List<JobStats.Group>> byBucket = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant start = Rows.instant(rs, "bucket");
                        byBucket.computeIfAbsent(start, s -> new ArrayList<>())
                                .add(new JobStats.Group(keys(rs, groupBy, 1), rs.getLong("n")));
                    }
                }
                return byBucket;
            }
        });
        List<Bucket> buckets = new ArrayList<>();
        for (Instant start = first; start.isBefore(to) || start.equals(first); start = start.plus(interval.length())) {
            buckets.add(new Bucket(start, counted.getOrDefault(start, List.of())));
        }
        return buckets;
    }

    private static String columns(List<GroupKey> groupBy) {
        return groupBy.stream().map(PostgresJobStore::groupColumn).collect(Collectors.joining(", "));
    }

    private static Map<GroupKey, String> keys(ResultSet rs, List<GroupKey> groupBy, int offset) throws SQLException {
        Map<GroupKey, String> keys = new EnumMap<>(GroupKey.class);
        for (int i = 0; i < groupBy.size(); i++) {
            String value = rs.getString(offset + i + 1);
            keys.put(groupBy.get(i), value == null || value.isEmpty() ? null : value);
        }
        return keys;
    }

    /** As PostgresJobStore: a substring search is planned for its own pattern. */
    private static void planPerExecution(PreparedStatement ps, JobFilter filter) throws SQLException {
        if (filter.q() != null && !filter.q().isEmpty()) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        }
    }
}
