package dev.jobtower.app.jobs.store;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.StatusReason;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobFilter;
import dev.jobtower.domain.query.JobQuery;
import dev.jobtower.domain.query.JobSort;
import dev.jobtower.domain.query.Keyset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The SQL of one keyset page. Filters on several statuses become one index scan per status,
 * merged ({@code UNION ALL} of per-status {@code ORDER BY … LIMIT}, then the outer one): measured
 * about twice as fast as one scan that cannot use the status index for the order.
 *
 * @param asOf when page 1 was read; updatedAt-sorted pages skip rows changed after it
 */
record JobListSql(String text, List<Object> parameters, Instant asOf) {
    /**
     * The text {@code q} is a substring of: name, type and external id, lowercased, joined by a separator no
     * term holds (a unit separator, so a term never matches across two fields). The very expression of the
     * trigram index {@code job_search_tenant} (V21), so PostgreSQL can use it.
     */
    static final String SEARCH = "lower(coalesce(j.name, '') || chr(31) || coalesce(j.type, '') || chr(31) || j.external_id)";
    /** A job is overdue while it is not terminal and the sweep marked it (Job#overdue). */
    static final String OVERDUE = "(j.overdue_since is not null and j.status in ('QUEUED', 'RUNNING', 'WAITING', 'UNKNOWN'))";

    static JobListSql of(TenantId tenantId, JobQuery query) {
        return of(tenantId, query, 0);
    }

    /**
     * A search ({@code q}) is answered in up to two steps, so that no term costs a walk of the whole
     * tenant (README, "Search at scale"):
     * <ol>
     * <li>{@link #walk}: the newest {@code walkRows} jobs the other filters select, read in the page's order
     *     from the index that serves the filters without {@code q}, and {@code q} tested on them. A frequent
     *     term (one in a few hundred jobs) fills the page here.</li>
     * <li>{@link #of(TenantId, JobQuery)}: every job matching {@code q} and the filters, found through the
     *     trigram index {@code job_search_tenant} (tenant, search text), then sorted. Taken when the walk
     *     found fewer than a page: the term is rare among the newest jobs, so the matches are few and the
     *     trigram index finds them without reading the non-matching ones.</li>
     * </ol>
     * The second step's matching rows sit in a subquery without ORDER BY or LIMIT ({@code offset 0} keeps
     * it from being flattened): PostgreSQL plans it by how many rows match, never as a walk of a sort index
     * hoping to meet a page of matches early (the walk the first step has already bounded).
     */
    static JobListSql walk(TenantId tenantId, JobQuery query, int walkRows) {
        return of(tenantId, query, walkRows);
    }

    static boolean searches(JobFilter filter) {
        return filter.q() != null && !filter.q().isEmpty();
    }

    /**
     * Whether a search's other filters have an index that reads them in the page's order (tenant, optionally
     * provider and status: V1's job_tenant_[provider_][status_]created/updated), so the walk reads only the
     * rows it tests. With any other filter (connection, type, reason, time ranges, overdue) the trigram index,
     * which holds provider, status and connection too, is the cheaper way at once.
     */
    static boolean walkable(JobFilter f) {
        return searches(f) && f.statusReasons().isEmpty() && f.types().isEmpty() && f.connectionIds().isEmpty()
                && f.externalId() == null && f.createdAfter() == null && f.createdBefore() == null
                && f.updatedAfter() == null && f.updatedBefore() == null && f.completedAfter() == null
                && f.completedBefore() == null && f.overdue() == null;
    }

    private static JobListSql of(TenantId tenantId, JobQuery query, int walkRows) {
        JobSort sort = query.sort();
        String column = sort.byUpdatedAt() ? "j.updated_at" : "j.created_at";
        String direction = sort.descending() ? "desc" : "asc";
        String outerOrder = " order by " + column.substring(2) + " " + direction + ", id " + direction;
        int fetch = query.limit() + 1;
        Instant asOf = query.after() != null ? query.after().asOf() : Instant.now();
        JobFilter filter = query.filter();
        List<Object> params = new ArrayList<>();
        if (searches(filter) && walkRows > 0) {
            // the bounded walk: the newest walkRows jobs of the filters without q (a LIMIT keeps PostgreSQL
            // from pushing q down into the walk), then q on them
            // from (V31) job_tenant_created_search, which holds the search text's columns: with no filter but
            // the tenant, the walk reads the index alone, and only the page's jobs are read from the table
            String walked = "j.id, " + column + ", j.name, j.type, j.external_id";
            String rows = ordered(tenantId, query, withoutQ(filter), walkRows, asOf, params, walked);
            params.add(likePattern(filter.q()));
            String matches = "select j.id from (" + rows + ") j where " + SEARCH + " like ? escape '\\'" + outerOrder
                    + " limit " + fetch;
            String text = "select " + PostgresJobStore.SUMMARY_COLUMNS + " from (" + matches + ") m join job j on j.id = m.id"
                    + " order by " + column + " " + direction + ", j.id " + direction;
            return new JobListSql(text, params, asOf);
        }
        if (searches(filter)) {
            String text = "select * from (select " + PostgresJobStore.SUMMARY_COLUMNS + " from job j where "
                    + where(tenantId, filter, params, false) + page(query, column, asOf, params) + " offset 0) j"
                    + outerOrder + " limit " + fetch;
            return new JobListSql(text, params, asOf);
        }
        return new JobListSql(ordered(tenantId, query, filter, fetch, asOf, params, PostgresJobStore.SUMMARY_COLUMNS),
                params, asOf);
    }

    /**
     * The first {@code fetch} jobs of {@code filter} in the query's order, after its cursor: their {@code columns}
     * (which hold the sort column and {@code j.id}).
     */
    private static String ordered(TenantId tenantId, JobQuery query, JobFilter filter, int fetch, Instant asOf,
                                  List<Object> params, String columns) {
        JobSort sort = query.sort();
        String column = sort.byUpdatedAt() ? "j.updated_at" : "j.created_at";
        String direction = sort.descending() ? "desc" : "asc";
        String order = " order by " + column + " " + direction + ", j.id " + direction;
        if (filter.statuses().size() > 1) {
            List<String> branches = new ArrayList<>();
            for (JobStatus status : filter.statuses().stream().sorted().toList()) {
                JobFilter single = filter.withStatuses(java.util.Set.of(status));
                branches.add("(select " + columns + " from job j where "
                        + where(tenantId, single, params, false) + page(query, column, asOf, params) + order
                        + " limit " + fetch + ")");
            }
            String outerOrder = " order by " + column.substring(2) + " " + direction + ", id " + direction;
            return "select * from (" + String.join(" union all ", branches) + ") j" + outerOrder + " limit " + fetch;
        }
        return "select " + columns + " from job j where "
                + where(tenantId, filter, params, false) + page(query, column, asOf, params) + order + " limit " + fetch;
    }

    private static JobFilter withoutQ(JobFilter f) {
        return new JobFilter(f.providers(), f.statuses(), f.statusReasons(), f.types(), f.connectionIds(), f.externalId(),
                f.createdAfter(), f.createdBefore(), f.updatedAfter(), f.updatedBefore(), null, f.completedAfter(),
                f.completedBefore(), f.overdue());
    }

    private static String page(JobQuery query, String column, Instant asOf, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        Keyset after = query.after();
        if (query.sort() == JobSort.UPDATED_AT_ASC) {
            // a job updated after page 1 would move behind the cursor and be listed twice
            sql.append(" and j.updated_at <= ?");
            params.add(asOf);
        }
        if (after != null) {
            sql.append(" and (").append(column).append(", j.id) ").append(query.sort().descending() ? "<" : ">")
                    .append(" (?, ?)");
            params.add(after.sortValue());
            params.add(after.id());
        }
        return sql.toString();
    }

    /** The WHERE clause of a filter; {@code counts} targets the job_count table (groupable dimensions only). */
    static String where(TenantId tenantId, JobFilter filter, List<Object> params, boolean counts) {
        StringBuilder sql = new StringBuilder("j.tenant_id = ?");
        params.add(tenantId.value());
        if (!filter.providers().isEmpty()) {
            any(sql, params, "j.provider", filter.providers().stream().map(Provider::wireName).sorted().toArray(String[]::new));
        }
        if (!filter.statuses().isEmpty()) {
            any(sql, params, "j.status", filter.statuses().stream().map(JobStatus::name).sorted().toArray(String[]::new));
        }
        if (!filter.statusReasons().isEmpty()) {
            any(sql, params, "j.status_reason", filter.statusReasons().stream().map(StatusReason::name).sorted()
                    .toArray(String[]::new));
        }
        if (!filter.types().isEmpty()) {
            any(sql, params, "j.type", filter.types().stream().sorted().toArray(String[]::new));
        }
        if (!filter.connectionIds().isEmpty()) {
            UUID[] ids = filter.connectionIds().stream().map(ConnectionId::value).sorted().toArray(UUID[]::new);
            if (ids.length == 1) {
                sql.append(" and j.connection_id = ?");
                params.add(ids[0]);
            } else {
                sql.append(" and j.connection_id = any(?)");
                params.add(ids);
            }
        }
        if (counts) {
            return sql.toString();
        }
        if (filter.externalId() != null) {
            sql.append(" and j.external_id = ?");
            params.add(filter.externalId());
        }
        range(sql, params, "j.created_at >= ?", filter.createdAfter());
        range(sql, params, "j.created_at < ?", filter.createdBefore());
        range(sql, params, "j.updated_at >= ?", filter.updatedAfter());
        range(sql, params, "j.updated_at < ?", filter.updatedBefore());
        range(sql, params, "j.completed_at >= ?", filter.completedAfter());
        range(sql, params, "j.completed_at < ?", filter.completedBefore());
        if (filter.overdue() != null) {
            sql.append(filter.overdue() ? " and " + OVERDUE : " and not (" + OVERDUE + ")");
        }
        if (searches(filter)) {
            sql.append(" and ").append(SEARCH).append(" like ? escape '\\'");
            params.add(likePattern(filter.q()));
        }
        return sql.toString();
    }

    private static void any(StringBuilder sql, List<Object> params, String column, String[] values) {
        if (values.length == 1) {
            sql.append(" and ").append(column).append(" = ?");
            params.add(values[0]);
        } else {
            sql.append(" and ").append(column).append(" = any(?)");
            params.add(values);
        }
    }

    private static void range(StringBuilder sql, List<Object> params, String condition, Instant value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            params.add(value);
        }
    }

    /** {@code %q%}, lowercased as the search text is, with LIKE's wildcards and escape character taken literally. */
    private static String likePattern(String q) {
        return "%" + escapeLike(q.toLowerCase(Locale.ROOT)) + "%";
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
