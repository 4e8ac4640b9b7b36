package dev.jobtower.app.sync;

import dev.jobtower.domain.job.JobId;
import dev.jobtower.domain.job.PollSchedule;
import dev.jobtower.domain.job.TenantId;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How a job's place in the {@link PollSchedule} is kept: in {@code job_poll} (V27), a narrow row of its own
 * ({@code next_poll_at}, {@code poll_backoff}, the poller's lease) beside the wide {@code job} row, so a poll that
 * finds nothing new moves no index entry of {@code job}. Written once for the store and the poll queue. The rule
 * itself is the domain's: SQL only stores what it computed.
 */
public final class PollRows {
    /**
     * Joins a job ({@code job j}) to its poll row ({@code p}, absent when the job is not polled): a lateral look-up
     * by primary key ({@code offset 0}: not flattened into a join), so every plan, a prepared statement's generic one
     * included, finds the row by {@code job_id = j.id}. As a plain join, a generic plan made while {@code job_poll}
     * was (nearly) empty walked the whole primary-key index per job, filtering on the join (issue 19, bench: 5 000
     * buffers and 2.6 ms a record once 10 000 jobs had been made due), until an analyze replanned it.
     */
    public static final String JOIN = " left join lateral (select * from job_poll where job_id = j.id offset 0) p on true";
    /** The columns to select (from {@code job j} with {@link #JOIN}) for {@link #read} and {@link #polled}. */
    public static final String COLUMNS = "p.next_poll_at, extract(epoch from p.poll_backoff) as poll_backoff_seconds, "
            + "p.job_id is not null as polled";
    /** The assignments to write, with the values {@link #at} and {@link #seconds}. */
    public static final String ASSIGNMENTS = "next_poll_at = ?, poll_backoff = make_interval(secs => ?)";

    private PollRows() {
    }

    public static PollSchedule.Next read(ResultSet rs) throws SQLException {
        Instant at = dev.jobtower.app.db.Rows.instant(rs, "next_poll_at");
        double seconds = rs.getDouble("poll_backoff_seconds");
        Duration backoff = rs.wasNull() ? null : Duration.ofMillis(Math.round(seconds * 1000));
        return new PollSchedule.Next(at, backoff);
    }

    /** Whether the job read with {@link #COLUMNS} has a poll row. */
    public static boolean polled(ResultSet rs) throws SQLException {
        return rs.getBoolean("polled");
    }

    /** The first value for {@link #ASSIGNMENTS}: when the job is read next ({@code null}: never). */
    public static Instant at(PollSchedule.Next next) {
        return next.at();
    }

    /** The second value for {@link #ASSIGNMENTS}: the wait, in seconds. */
    public static Double seconds(PollSchedule.Next next) {
        return next.backoff() == null ? null : next.backoff().toMillis() / 1000.0;
    }

    /** One statement that stores a job's next poll, with its values; usable as a {@code with} query. */
    public record Write(String sql, List<Object> values) {
    }

    /**
     * The statement that puts a job where {@code next} says: its poll row updated (it has one, {@code polled}),
     * made (it has none), or removed (it is no longer polled). The lease, if any, is left to the poll queue.
     * Empty when there is nothing to write (not polled before, not polled now).
     */
    public static java.util.Optional<Write> write(JobId id, TenantId tenantId, boolean polled, PollSchedule.Next next) {
        if (next.at() == null) {
            return polled ? java.util.Optional.of(new Write("delete from job_poll where job_id = ?", List.of(id.value())))
                    : java.util.Optional.empty();
        }
        java.util.ArrayList<Object> values = new java.util.ArrayList<>();
        if (polled) {
            values.add(at(next));
            values.add(seconds(next));
            values.add(id.value());
            return java.util.Optional.of(new Write("update job_poll set " + ASSIGNMENTS + " where job_id = ?", values));
        }
        values.add(id.value());
        values.add(tenantId.value());
        values.add(at(next));
        values.add(seconds(next));
        return java.util.Optional.of(new Write("insert into job_poll (job_id, tenant_id, next_poll_at, poll_backoff) "
                + "values (?, ?, ?, make_interval(secs => ?)) on conflict (job_id) do update set "
                + "next_poll_at = excluded.next_poll_at, poll_backoff = excluded.poll_backoff", values));
    }
}
