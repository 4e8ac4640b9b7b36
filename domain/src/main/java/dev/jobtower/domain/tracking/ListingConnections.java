package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.TenantId;

import java.util.List;
import java.util.Optional;

/** The tenant's live connections (never their secrets). */
public final class ListingConnections {
    private final ConnectionStore connections;

    public ListingConnections(ConnectionStore connections) {
        this.connections = connections;
    }

    public List<Connection> list(TenantId tenantId) {
        return connections.list(tenantId);
    }

    /** Empty when the tenant has no such live connection. */
    public Optional<Connection> get(TenantId tenantId, ConnectionId id) {
        return connections.find(tenantId, id);
    }
}
