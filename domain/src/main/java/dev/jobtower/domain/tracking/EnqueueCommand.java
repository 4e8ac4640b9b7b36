package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JsonValues;
import dev.jobtower.domain.job.TenantId;

import java.util.Map;
import java.util.Objects;

/**
 * Start a new job at the vendor behind a connection.
 *
 * @param reuseExternalId the id a previous, in-doubt attempt of the same request pre-assigned (see
 *                        {@link EnqueueInDoubt}); sent again so a retry can never create a second job
 */
public record EnqueueCommand(TenantId tenantId, ConnectionId connectionId, String type, Map<String, Object> params,
                             String reuseExternalId) {
    public EnqueueCommand {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(connectionId, "connectionId");
        params = JsonValues.copyOf(params);
    }

    public EnqueueCommand(TenantId tenantId, ConnectionId connectionId, String type, Map<String, Object> params) {
        this(tenantId, connectionId, type, params, null);
    }
}
