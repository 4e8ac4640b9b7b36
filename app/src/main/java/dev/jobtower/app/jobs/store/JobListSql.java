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

    static JobListSql of(TenantId tenantId, JobQuery query) {
        JobSort sort = query.sort();
        String column = sort.byUpdatedAt() ? "j.updated_at" : "j.created_at";
        String direction = sort.descending() ? "desc" : "asc";
        String order = " order by " + column + " " + direction + ", j.id " + direction;
        int fetch = query.limit() + 1;
        Instant asOf = query.after() != null ? query.after().asOf() : Instant.now();
        JobFilter filter = query.filter();
        List<Object> params = new ArrayList<>();
        if (filter.statuses().size() > 1) {
            List<String> branches = new ArrayList<>();
            for (JobStatus status : filter.statuses().stream().sorted().toList()) {
                JobFilter single = filter.withStatuses(java.util.Set.of(status));
                branches.add("(select " + PostgresJobStore.SUMMARY_COLUMNS + " from job j where "
                        + where(tenantId, single, params, false) + page(query, column, asOf, params) + order
                        + " limit " + fetch + ")");
            }
            String outerOrder = " order by " + column.substring(2) + " " + direction + ", id " + direction;
            String text = "select * from (" + String.join(" union all ", branches) + ") j" + outerOrder + " limit " + fetch;
            return new JobListSql(text, params, asOf);
        }
        String text = "select " + PostgresJobStore.SUMMARY_COLUMNS + " from job j where "
                + where(tenantId, filter, params, false) + page(query, column, asOf, params) + order + " limit " + fetch;
        return new JobListSql(text, params, asOf);
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
        if (filter.q() != null && !filter.q().isEmpty()) {
            sql.append(" and lower(coalesce(j.name, '') || chr(31) || coalesce(j.type, '') || chr(31) || j.external_id)"
                    + " like ? escape '\\'");
            params.add("%" + escapeLike(filter.q().toLowerCase(Locale.ROOT)) + "%");
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

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
