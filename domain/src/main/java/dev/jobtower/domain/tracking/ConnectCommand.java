package dev.jobtower.domain.tracking;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;

import java.util.Objects;

/** Connect one vendor account: its name, token and (optional) webhook secret. */
public record ConnectCommand(TenantId tenantId, Provider provider, String name, String token, String webhookSecret) {
    public ConnectCommand {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(provider, "provider");
    }

    @Override
    public String toString() {
        return "ConnectCommand[tenantId=" + tenantId + ", provider=" + provider + ", name=" + name + ", token=***]";
    }
}
