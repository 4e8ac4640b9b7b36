package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.ConnectionId;

/** The connection is unknown to the tenant, or deleted. */
public final class UnknownConnection extends RuntimeException {
    public UnknownConnection(ConnectionId id) {
        super("connection " + id + " was not found", null, false, false);
    }
}
