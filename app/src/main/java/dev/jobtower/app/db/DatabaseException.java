package dev.jobtower.app.db;

import java.sql.SQLException;

/** A failed SQL statement ({@link DatabaseFailures} tells an unreachable database from a bad query). */
public class DatabaseException extends RuntimeException {
    public DatabaseException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
