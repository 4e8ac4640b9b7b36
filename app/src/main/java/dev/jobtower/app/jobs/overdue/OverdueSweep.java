package dev.jobtower.app.jobs.overdue;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.Rows;
import dev.jobtower.domain.analytics.OverdueRule;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Marks jobs overdue (API.md "Analytics"): per tenant, provider and type, the baseline is the p95
 * duration of the jobs that finished in the last 7 days when at least 20 did, and the deadline is
 * {@link OverdueRule#deadline}. One transaction per sweep; instances share the work through a
 * transaction-level advisory lock (one sweeps, the others skip), and the mark is written only where
 * none is, so a job becomes overdue exactly once. Becoming overdue is one change (a new change
 * number for the event stream), not a history row, and leaves {@code updatedAt} alone.
 */
@Singleton
public class OverdueSweep {
    /** The advisory lock the sweep holds for its transaction (the first key is Jobtower's, as in V4). */
    private static final int LOCK_CLASS = 1246917;
    private static final int LOCK_SWEEP = 16;
    private static final String ACTIVE = "status in ('QUEUED', 'RUNNING', 'WAITING', 'UNKNOWN')";

    private final Database db;
    private final OverdueSettings settings;
    private final List<OverdueListener> listeners;

    public OverdueSweep(Database db, OverdueSettings settings, List<OverdueListener> listeners) {
        this.db = db;
        this.settings = settings;
        this.listeners = List.copyOf(listeners);
    }

    /** One baseline: the deadline of a tenant's (provider, type). */
    record Baseline(UUID tenantId, String provider, String type, Duration deadline) {
    }

    /**
     * Marks every job overdue at {@code now} that is not yet marked.
     *
     * @return the jobs marked, empty also when another instance is sweeping
     */
    public List<OverdueJob> sweep(Instant now) {
        OverdueRule rule = settings.rule();
        return db.write(c -> {
            if (!tryLock(c)) {
                return List.of();
            }
            List<Baseline> baselines = baselines(c, rule, now);
            List<OverdueJob> marked = mark(c, rule, baselines, now);
            if (!marked.isEmpty()) {
                for (OverdueListener listener : listeners) {
                    listener.becameOverdue(c, marked);
                }
                // e.g. OverdueNotifications: job.overdue messages, in the same transaction as the mark
            }
            return marked;
        });
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
            Rows.bind(ps, LOCK_CLASS, LOCK_SWEEP);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The (tenant, provider, type)s with at least 20 jobs finished in the window, and their deadlines. */
    private static List<Baseline> baselines(Connection c, OverdueRule rule, Instant now) throws SQLException {
        List<Baseline> baselines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select j.tenant_id, j.provider, coalesce(j.type, '') as type, "
                + "count(*) as n, percentile_cont(0.95) within group (order by "
                + "job_duration_seconds(j.created_at, j.started_at, j.completed_at)) as p95 "
                + "from job j where j.completed_at is not null and j.completed_at > ? and j.completed_at <= ? "
                + "and j.status in ('SUCCEEDED', 'FAILED', 'CANCELLED') "
                + "group by j.tenant_id, j.provider, coalesce(j.type, '') having count(*) >= ?")) {
            Rows.bind(ps, now.minus(OverdueRule.BASELINE_WINDOW), now, OverdueRule.MIN_FINISHED);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    baselines.add(new Baseline(Rows.uuid(rs, "tenant_id"), rs.getString("provider"),
                            rs.getString("type"), rule.deadline(rs.getLong("n"), rs.getDouble("p95"))));
                }
            }
        }
        return baselines;
    }

    private List<OverdueJob> mark(Connection c, OverdueRule rule, List<Baseline> baselines, Instant now)
            throws SQLException {
        Duration shortest = rule.defaultDeadline();
        for (Baseline b : baselines) {
            if (b.deadline().compareTo(shortest) < 0) {
                shortest = b.deadline();
            }
        }
        UUID[] tenants = baselines.stream().map(Baseline::tenantId).toArray(UUID[]::new);
        String[] providers = baselines.stream().map(Baseline::provider).toArray(String[]::new);
        String[] types = baselines.stream().map(Baseline::type).toArray(String[]::new);
        Double[] seconds = baselines.stream().map(b -> seconds(b.deadline())).toArray(Double[]::new);
        Array secondsArray = c.createArrayOf("float8", seconds);
        // candidates: unmarked unfinished jobs older than the shortest deadline (index job_overdue_candidates)
        String sql = "with d (tenant_id, provider, type, secs) as (select * from unnest(?::uuid[], ?::text[], ?::text[], ?::float8[])), "
                + "c as (select j.id, coalesce(j.started_at, j.created_at) + make_interval(secs => coalesce(d.secs, ?)) as due "
                + "from job j left join d on d.tenant_id = j.tenant_id and d.provider = j.provider "
                + "and d.type = coalesce(j.type, '') "
                + "where j.overdue_since is null and j." + ACTIVE + " and coalesce(j.started_at, j.created_at) < ?) "
                + "update job j set overdue_since = c.due, change_seq = nextval('job_change_seq') from c "
                + "where j.id = c.id and c.due < ? and j.overdue_since is null and j." + ACTIVE + " "
                + "returning j.id, j.tenant_id, j.connection_id, j.provider, j.type, j.overdue_since, j.change_seq";
        List<OverdueJob> marked = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, tenants, providers, types, secondsArray, seconds(rule.defaultDeadline()),
                    now.minus(shortest), now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    marked.add(new OverdueJob(new JobId(Rows.uuid(rs, "id")), new TenantId(Rows.uuid(rs, "tenant_id")),
                            new ConnectionId(Rows.uuid(rs, "connection_id")),
                            Provider.of(rs.getString("provider")), rs.getString("type"),
                            Rows.instant(rs, "overdue_since"), rs.getLong("change_seq")));
                }
            }
        }
        return marked;
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1_000_000_000d;
    }
}
