package dev.jobtower.app.sync;

import dev.jobtower.domain.job.PollSchedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * How a job's place in the {@link PollSchedule} is kept in its row ({@code next_poll_at}, {@code poll_backoff}),
 * written once for the store and the poll queue. The rule itself is the domain's: SQL only stores what it
 * computed.
 */
public final class PollRows {
    /** The columns to select (from {@code job j}) for {@link #read}. */
    public static final String COLUMNS = "j.next_poll_at, extract(epoch from j.poll_backoff) as poll_backoff_seconds";
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

    /** The first value for {@link #ASSIGNMENTS}: when the job is read next ({@code null}: never). */
    public static Instant at(PollSchedule.Next next) {
        return next.at();
    }

    /** The second value for {@link #ASSIGNMENTS}: the wait, in seconds. */
    public static Double seconds(PollSchedule.Next next) {
        return next.backoff() == null ? null : next.backoff().toMillis() / 1000.0;
    }
}
