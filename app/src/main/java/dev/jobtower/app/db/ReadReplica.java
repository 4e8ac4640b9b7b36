package dev.jobtower.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
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

    public ReadReplica(@Value("${jobtower.db.read-url}") String url,
                       @Value("${jobtower.db.read-user:}") String user,
                       @Value("${jobtower.db.read-password:}") String password,
                       @Value("${jobtower.db.user:}") String primaryUser,
                       @Value("${jobtower.db.password:}") String primaryPassword,
                       @Value("${jobtower.db.read-pool-size:8}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("replica");
        config.setJdbcUrl(url);
        // the replica of a streaming pair has the primary's roles: its user and password are the default
        config.setUsername(user.isEmpty() ? primaryUser : user);
        config.setPassword(user.isEmpty() && password.isEmpty() ? primaryPassword : password);
        config.setMaximumPoolSize(poolSize);
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
