package dev.jobtower.app.sync;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.Rows;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.PollSchedule;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The poller's work list in PostgreSQL: due jobs are claimed with a lease ({@code FOR UPDATE SKIP
 * LOCKED}), so any number of instances share it, never read the same job at once, and pick up the
 * work of an instance that died once its lease ends.
 */
@Singleton
public class PollQueue {
    private final Database db;
    private final PollSettings settings;
    private final Clock clock;
    private final String owner = "jobtower-" + UUID.randomUUID();

    public PollQueue(Database db, PollSettings settings, Clock clock) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /** A claimed job. */
    public record Claim(JobId id, ConnectionId connectionId, String externalId) {
    }

    public String owner() {
        return owner;
    }

    /**
     * The due jobs to claim, tenants served in turn: the tenants with due jobs (a skip scan over
     * {@code job_poll_due_tenant}), each one's oldest due jobs — none of the connections skipped, at most its room
     * of a connection with a limit of its own and {@code other} of any other (V29: job_poll names the connection) —
     * then the first of every tenant, the second of every tenant, and so on. Parameters: now ×4, the connections
     * skipped (uuid[]), the batch size, the connections with a limit of their own (uuid[]) and those limits (text[]
     * of numbers), the most of any other connection, the batch size. It reads {@code job_poll} alone (V27: the
     * schedule and lease, one narrow row per polled job), never the wide job rows.
     */
    static final String FAIR_DUE = "with recursive tenants(tenant_id) as ("
            + "(select tenant_id from job_poll where next_poll_at <= ? order by tenant_id limit 1) "
            + "union all "
            + "select (select j.tenant_id from job_poll j where j.next_poll_at <= ? and j.tenant_id > t.tenant_id "
            + "order by j.tenant_id limit 1) from tenants t where t.tenant_id is not null) "
            + "select c.job_id from tenants t cross join lateral ("
            + "select x.job_id, x.next_poll_at, row_number() over (order by x.next_poll_at) as turn from ("
            + "select d.job_id, d.connection_id, d.next_poll_at, "
            + "row_number() over (partition by d.connection_id order by d.next_poll_at) as nth from ("
            + "select j.job_id, j.connection_id, j.next_poll_at from job_poll j "
            + "where j.tenant_id = t.tenant_id and j.next_poll_at <= ? and (j.lease_until is null or j.lease_until < ?) "
            + "and j.connection_id <> all(cast(? as uuid[])) order by j.next_poll_at limit ?) d) x "
            + "where x.nth <= coalesce((select r.room from unnest(cast(? as uuid[]), cast(? as text[])::int[]) as r(c, room) "
            + "where r.c = x.connection_id), ?)) c "
            + "where t.tenant_id is not null order by c.turn, c.next_poll_at limit ?";

    /**
     * Leases the jobs {@link #FAIR_DUE} picks. Each step hands the next an array of ids ({@code = any(array(…))}),
     * so every plan PostgreSQL may choose, the generic plan of the prepared statement included, finds the rows
     * by primary key: with {@code in (…)} and a join the generic plan hash-joined a scan of every due job and of
     * the whole job table, per claim (bench: 120 ms a claim of 100 at 10 k jobs, growing with the table).
     * Parameters: the owner, the lease's end, the {@link #FAIR_DUE} ones, now twice.
     */
    static final String CLAIM = "with claimed as (update job_poll p set lease_owner = ?, lease_until = ? "
            + "where p.job_id = any(array("
            // the due and lease conditions again on the locking query: PostgreSQL re-checks them on the
            // row's latest version once it is locked (a job another instance just read or renewed is skipped).
            // Written as "(…) is true" so no index on next_poll_at matches them: the rows come by primary key
            // (with statistics taken while few jobs were due, the planner walked every due job's index entry)
            + "select job_id from job_poll where job_id = any(array(" + FAIR_DUE + ")) and (next_poll_at <= ? "
            + "and (lease_until is null or lease_until < ?)) is true for update skip locked)) "
            + "returning p.job_id) "
            // what a read needs of each claimed job, from its job row (by primary key, not locked)
            + "select j.id, j.connection_id, j.external_id from job j where j.id = any(array(select job_id from claimed))";

    /** Claims up to {@code limit} due jobs, tenants in turn, at most {@code limit} of any one connection. */
    public List<Claim> claim(int limit) {
        return claim(limit, java.util.Map.of(), limit);
    }

    /**
     * Like {@link #claim(int)}, taking at most {@code rooms.get(c)} jobs of a connection listed there (none when it
     * is 0 or less) and at most {@code otherRoom} of any other: the room each connection has for more work in hand,
     * so what is claimed is what this instance can start soon, not work to put off again.
     */
    public List<Claim> claim(int limit, java.util.Map<ConnectionId, Integer> rooms, int otherRoom) {
        List<UUID> skip = new ArrayList<>();
        List<UUID> limited = new ArrayList<>();
        List<String> room = new ArrayList<>();
        rooms.forEach((connection, r) -> {
            if (r <= 0) {
                skip.add(connection.value());
            } else {
                limited.add(connection.value());
                room.add(Integer.toString(r));
            }
        });
        UUID[] skipped = skip.toArray(UUID[]::new);
        UUID[] limitedConnections = limited.toArray(UUID[]::new);
        String[] limits = room.toArray(String[]::new);
        return db.write(c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                Rows.bind(ps, owner, now.plus(settings.lease()), now, now, now, now, skipped, limit, limitedConnections,
                        limits, Math.max(1, otherRoom), limit, now, now);
                List<Claim> claims = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claims.add(new Claim(new JobId(Rows.uuid(rs, "id")), new ConnectionId(Rows.uuid(rs, "connection_id")),
                                rs.getString("external_id")));
                    }
                }
                return claims;
            }
        });
    }

    /**
     * Renews the lease of a claimed job just before it is read, when the claim is not fresh: true while the
     * job is still this instance's (its lease not yet over), so no other instance can be reading it.
     */
    public boolean renew(JobId id) {
        return db.write(c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("update job_poll set lease_until = ? where job_id = ? "
                    + "and lease_owner = ? and lease_until > ?")) {
                Rows.bind(ps, now.plus(settings.lease()), id.value(), owner, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Ends a lease after a successful read (the store already rescheduled the job). */
    public void release(JobId id) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update job_poll set lease_owner = null, lease_until = null "
                    + "where job_id = ? and lease_owner = ?")) {
                Rows.bind(ps, id.value(), owner);
                return ps.executeUpdate();
            }
        });
    }

    /** Ends the leases of several jobs read successfully, in one statement. */
    public void release(List<JobId> ids) {
        UUID[] values = ids.stream().map(JobId::value).toArray(UUID[]::new);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update job_poll set lease_owner = null, lease_until = null "
                    + "where job_id = any(?) and lease_owner = ?")) {
                Rows.bind(ps, values, owner);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Ends a lease when Jobtower itself did not make the call now (its own limiter or a full bulkhead):
     * the job stays due (again after {@code refused-retry}), its backoff unchanged, and it is not marked stale
     * ({@link PollSchedule#afterRefusedRead}).
     */
    public void postpone(JobId id) {
        endLease(id, (job, now) -> settings.schedule().afterRefusedRead(job.status(), job.poll(), now));
    }

    /** Ends a lease after a failed read: the job's backoff doubles ({@link PollSchedule#afterFailedRead}). */
    public void failed(JobId id) {
        endLease(id, (job, now) -> settings.schedule().afterFailedRead(job.status(), job.scheduledAt(),
                job.poll().backoff(), now));
    }

    /** What the schedule needs of a leased job. */
    private record Leased(JobStatus status, Instant scheduledAt, PollSchedule.Next poll) {
    }

    /** Ends this instance's lease of a job, which is then read next where {@code rule} puts it. */
    private void endLease(JobId id, java.util.function.BiFunction<Leased, Instant, PollSchedule.Next> rule) {
        db.write(c -> {
            Leased job;
            // the job row locked, as the store's record locks it before it writes the poll row: the two take
            // their locks in one order, and a read recorded meanwhile is not overwritten with an older backoff
            try (PreparedStatement ps = c.prepareStatement("select j.status, j.scheduled_at, " + PollRows.COLUMNS
                    + " from job j" + PollRows.JOIN + " where j.id = ? and p.lease_owner = ? for update of j")) {
                Rows.bind(ps, id.value(), owner);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return 0; // no longer this instance's
                    }
                    job = new Leased(JobStatus.valueOf(rs.getString("status")), Rows.instant(rs, "scheduled_at"),
                            PollRows.read(rs));
                }
            }
            PollSchedule.Next next = rule.apply(job, clock.instant());
            try (PreparedStatement ps = c.prepareStatement("update job_poll set lease_owner = null, lease_until = null, "
                    + PollRows.ASSIGNMENTS + " where job_id = ? and lease_owner = ?")) {
                Rows.bind(ps, PollRows.at(next), PollRows.seconds(next), id.value(), owner);
                return ps.executeUpdate();
            }
        });
    }

    /** Stops polling a job (its connection is gone). */
    public void forget(JobId id) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from job_poll where job_id = ?")) {
                Rows.bind(ps, id.value());
                return ps.executeUpdate();
            }
        });
    }

    /** How late the oldest due job is (poll lag); zero when nothing is due. */
    public Duration lag() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select min(next_poll_at) from job_poll where next_poll_at <= ?")) {
                Instant now = clock.instant();
                Rows.bind(ps, now);
                try (ResultSet rs = ps.executeQuery()) {
                    Instant oldest = rs.next() ? Rows.instant(rs, "min") : null;
                    return oldest == null ? Duration.ZERO : Duration.between(oldest, now);
                }
            }
        });
    }
}
