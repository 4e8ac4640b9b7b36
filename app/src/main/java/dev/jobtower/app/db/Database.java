package dev.jobtower.app.db;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs JDBC work on the default datasource: {@link #write} in a transaction, {@link #read} on a
 * plain pooled connection (no BEGIN/COMMIT round trips for single-statement reads), and
 * {@link #replicaRead} on the read replica when one is configured; each under its kind of work's share of
 * the pool ({@link PoolShares}).
 */
@Singleton
public class Database {
    private final TransactionOperations<Connection> transactions;
    private final ConnectionOperations<Connection> connections;
    private final ReadReplica replica;
    private final PoolShares shares;
    private final AtomicLong replicaFallbacks = new AtomicLong();

    public Database(TransactionOperations<Connection> transactions, ConnectionOperations<Connection> connections,
                    @Nullable ReadReplica replica, PoolShares shares) {
        this.transactions = transactions;
        this.connections = connections;
        this.replica = replica;
        this.shares = shares;
    }

    /** JDBC work that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> T write(Work<T> work) {
        return shares.run(() -> transactions.execute(TransactionDefinition.DEFAULT, status -> call(work, status.getConnection())));
    }

    public <T> T read(Work<T> work) {
        return shares.run(() -> connections.execute(ConnectionDefinition.READ_ONLY, status -> call(work, status.getConnection())));
    }

    /**
     * A read that may be served by the read replica, and so may be behind the primary by the replication
     * lag: only for reads that need not see the caller's own writes (a first list page, stats). Without a
     * replica, or when no replica connection can be had, the primary answers.
     */
    public <T> T replicaRead(Work<T> work) {
        if (replica == null) {
            return read(work);
        }
        Connection connection;
        try {
            connection = replica.connection();
        } catch (SQLException unreachable) {
            replicaFallbacks.incrementAndGet();
            return read(work);
        }
        try (connection) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** How many replica reads the primary answered because the replica could not be reached. */
    public long replicaFallbacks() {
        return replicaFallbacks.get();
    }

    private static <T> T call(Work<T> work, Connection connection) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
