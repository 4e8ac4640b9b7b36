package dev.jobtower.app.connections;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.limits.Limits;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.app.settings.LimitSettings;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * {@code JOBTOWER_TENANT_MAX_CONNECTIONS}: a tenant's live (not deleted) connections are capped; the
 * next {@code POST /api/v1/connections} is {@code 409 limit-exceeded}. The count and the insert run in
 * one transaction holding the tenant's row lock (FOR NO KEY UPDATE: foreign-key checks of other writes are not blocked), so concurrent creates cannot pass the cap together.
 */
@Singleton
public class ConnectionCap {
    private final Database db;
    private final ConnectionStore connections;
    private final int max;

    public ConnectionCap(Database db, ConnectionStore connections, LimitSettings settings) {
        this.db = db;
        this.connections = connections;
        this.max = settings.tenantMaxConnections();
    }

    /** Stores a new connection unless its tenant already has the maximum. */
    public Connection create(Connection connection, ConnectionSecrets secrets) {
        return db.write(c -> {
            try (PreparedStatement lock = c.prepareStatement("select id from tenant where id = ? for no key update")) {
                lock.setObject(1, connection.tenantId().value());
                lock.executeQuery().close();
            }
            long live;
            try (PreparedStatement count = c.prepareStatement(
                    "select count(*) from connection where tenant_id = ? and deleted_at is null")) {
                count.setObject(1, connection.tenantId().value());
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    live = rs.getLong(1);
                }
            }
            if (live >= max) {
                throw Limits.limitExceeded("a tenant may have at most " + max
                        + " connections; delete one you no longer use (JOBTOWER_TENANT_MAX_CONNECTIONS)");
            }
            return connections.create(connection, secrets);
        });
    }
}
