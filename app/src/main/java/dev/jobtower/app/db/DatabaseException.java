package dev.jobtower.app.db;

import java.sql.SQLException;

/** A failed SQL statement; {@link #unavailable()} tells a database that cannot be reached from a bad query. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public String sqlState() {
        return getCause() instanceof SQLException s ? s.getSQLState() : null;
    }

    public boolean uniqueViolation() {
        return "23505".equals(sqlState());
    }

    public boolean unavailable() {
        return DatabaseFailures.isUnavailable(this);
    }
}
