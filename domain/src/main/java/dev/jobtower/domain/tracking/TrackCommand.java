package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.ProviderRef;
import dev.jobtower.domain.job.TenantId;

import java.util.Objects;

/** Start following a job that already exists at the vendor. */
public record TrackCommand(TenantId tenantId, ConnectionId connectionId, String externalId) {
    public TrackCommand {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(connectionId, "connectionId");
        externalId = ProviderRef.requireExternalId(externalId);
    }
}
