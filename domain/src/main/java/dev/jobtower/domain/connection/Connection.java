package dev.jobtower.domain.connection;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;

import java.time.Instant;
import java.util.Objects;

/**
 * One vendor account of one tenant. Its secrets are never part of this record: they are read
 * separately, only where a vendor call or a webhook check needs them.
 *
 * @param vendorConnectionId the vendor's own id for the account (Finch {@code connection_id}), or {@code null}
 * @param quota              the vendor's enqueue quota as last reported, or {@code null}
 */
public record Connection(ConnectionId id, TenantId tenantId, Provider provider, String name, Instant createdAt,
                         String vendorConnectionId, Quota quota) {
    public static final int MAX_NAME_LENGTH = 200;

    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(createdAt, "createdAt");
        name = requireName(name);
    }

    public static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return name.strip();
    }
}
