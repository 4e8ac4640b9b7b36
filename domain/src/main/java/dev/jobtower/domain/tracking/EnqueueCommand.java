package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JsonValues;
import dev.jobtower.domain.job.TenantId;

import java.util.Map;
import java.util.Objects;

/** Start a new job at the vendor behind a connection. */
public record EnqueueCommand(TenantId tenantId, ConnectionId connectionId, String type, Map<String, Object> params) {
    public EnqueueCommand {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(connectionId, "connectionId");
        params = JsonValues.copyOf(params);
    }
}
