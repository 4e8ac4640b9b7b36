package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.TenantId;

/** Deletes a connection: polling stops, its webhooks are refused, its jobs stay readable. */
public final class DeletingConnection {
    private final ConnectionStore connections;

    public DeletingConnection(ConnectionStore connections) {
        this.connections = connections;
    }

    /** False when the tenant has no such (live) connection. */
    public boolean delete(TenantId tenantId, ConnectionId id) {
        return connections.delete(tenantId, id);
    }
}
