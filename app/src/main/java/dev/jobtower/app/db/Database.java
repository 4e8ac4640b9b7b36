package dev.jobtower.app.db;

import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs JDBC work on the default datasource: {@link #write} in a transaction, {@link #read} on a
 * plain pooled connection (no BEGIN/COMMIT round trips for single-statement reads).
 */
@Singleton
public class Database {
    private final TransactionOperations<Connection> transactions;
    private final ConnectionOperations<Connection> connections;

    public Database(TransactionOperations<Connection> transactions, ConnectionOperations<Connection> connections) {
        this.transactions = transactions;
        this.connections = connections;
    }

    /** JDBC work that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> T write(Work<T> work) {
        return transactions.execute(TransactionDefinition.DEFAULT, status -> call(work, status.getConnection()));
    }

    public <T> T read(Work<T> work) {
        return connections.execute(ConnectionDefinition.READ_ONLY, status -> call(work, status.getConnection()));
    }

    private static <T> T call(Work<T> work, Connection connection) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
