package dev.jobtower.app.db;

import dev.jobtower.app.limits.Limits;
import dev.jobtower.app.settings.LimitSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.postgresql.jdbc.PgStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * {@code JOBTOWER_QUERY_TIMEOUT} for the queries whose cost the caller's filters decide (list, stats,
 * analytics): each statement prepared through {@link #prepare} is cancelled by the driver once it has
 * run that long (a cancel request to PostgreSQL, which ends only that statement), and {@link #read}
 * answers such a cancellation as {@code 503 query-timeout}. Other requests never wait for it: the
 * cancelled statement gives its connection back at once.
 *
 * <pre>{@code
 * return queryTimeout.read(db, c -> {
 *     try (PreparedStatement ps = queryTimeout.prepare(c, sql)) { ... }
 * });
 * }</pre>
 */
@Singleton
public class QueryTimeout {
    /** PostgreSQL's SQLSTATE for a statement cancelled (by the driver's timeout or a cancel request). */
    static final String QUERY_CANCELED = "57014";

    private final Duration timeout;

    @Inject
    public QueryTimeout(LimitSettings settings) {
        this(settings.queryTimeout());
    }

    public QueryTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /** No limit (zero): for stores made outside the application context. */
    public static QueryTimeout none() {
        return new QueryTimeout(Duration.ZERO);
    }

    public Duration timeout() {
        return timeout;
    }

    /** A statement that the driver cancels after the timeout. */
    public PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            apply(ps);
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
        return ps;
    }

    /** Puts the timeout on a statement (milliseconds where the driver allows, else whole seconds). */
    public void apply(Statement statement) throws SQLException {
        if (timeout.isZero() || timeout.isNegative()) {
            return;
        }
        if (statement.isWrapperFor(PgStatement.class)) {
            statement.unwrap(PgStatement.class).setQueryTimeoutMs(Math.max(1, timeout.toMillis()));
        } else {
            statement.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
        }
    }

    /** {@link Database#read}, with a cancelled statement answered as {@code 503 query-timeout}. */
    public <T> T read(Database db, Database.Work<T> work) {
        return cancelledAsTimeout(() -> db.read(work));
    }

    /** {@link Database#replicaRead} (the read replica when there is one), cancellation as in {@link #read}. */
    public <T> T replicaRead(Database db, Database.Work<T> work) {
        return cancelledAsTimeout(() -> db.replicaRead(work));
    }

    private <T> T cancelledAsTimeout(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (DatabaseException e) {
            if (isCancelled(e)) {
                throw Limits.queryTimeout("the query ran longer than " + describe(timeout)
                        + " and was cancelled; narrow the filters (a shorter time range, a provider, a status, "
                        + "a connection) and try again");
            }
            throw e;
        }
    }

    /** True when a failure is a statement PostgreSQL cancelled. */
    public static boolean isCancelled(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && QUERY_CANCELED.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
