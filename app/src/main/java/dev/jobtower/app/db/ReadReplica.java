package dev.jobtower.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Requires;
import dev.jobtower.app.settings.DatabaseSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * An optional streaming read replica ({@code JOBTOWER_DB_READ_URL}): its own small pool, read-only
 * connections. Only reads that may be a little behind the primary use it (see {@link Database#replicaRead}).
 */
@Singleton
@Requires(property = "jobtower.db.read-url", pattern = ".+")
public class ReadReplica implements AutoCloseable {
    private final HikariDataSource pool;

    public ReadReplica(DatabaseSettings settings) {
        String user = settings.readUser();
        String password = settings.readPassword();
        HikariConfig config = new HikariConfig();
        config.setPoolName("replica");
        config.setJdbcUrl(settings.readUrl());
        // the replica of a streaming pair has the primary's roles: its user and password are the default
        config.setUsername(user.isEmpty() ? settings.user() : user);
        config.setPassword(user.isEmpty() && password.isEmpty() ? settings.password() : password);
        config.setMaximumPoolSize(settings.readPoolSize());
        config.setMinimumIdle(1);
        config.setReadOnly(true);
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        // a replica that is down at start must not stop the service: reads fall back to the primary
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @PreDestroy
    @Override
    public void close() {
        pool.close();
    }
}
