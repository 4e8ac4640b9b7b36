package dev.jobtower.app.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells whether a failure means the database cannot be reached (answered 503, never 500). */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true; // connection exceptions, admin shutdown / cannot connect now
            }
            if (t.getClass().getName().equals("io.micronaut.data.connection.exceptions.ConnectionException")
                    || t.getClass().getName().equals("io.micronaut.transaction.exceptions.CannotCreateTransactionException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
