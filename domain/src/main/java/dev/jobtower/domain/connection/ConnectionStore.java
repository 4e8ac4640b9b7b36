package dev.jobtower.domain.connection;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Outbound port: where connections and their (encrypted) secrets live. A deleted connection is
 * invisible to every method here; the jobs it had stay readable.
 */
public interface ConnectionStore {

    Connection create(Connection connection, ConnectionSecrets secrets);

    Optional<Connection> find(TenantId tenantId, ConnectionId id);

    /** Looks a connection up without a tenant: only for webhooks, whose URL names the connection. */
    Optional<Connection> findForWebhook(ConnectionId id);

    List<Connection> list(TenantId tenantId);

    /** Every live connection of every tenant (discovery, polling). */
    List<Connection> listAll();

    /** The tenant's live connections of one provider whose vendor id is {@code vendorConnectionId}. */
    List<Connection> findByVendorConnectionId(TenantId tenantId, Provider provider, String vendorConnectionId);

    Optional<ConnectionSecrets> secrets(ConnectionId id);

    /** A live connection with its secrets. */
    record WithSecrets(Connection connection, ConnectionSecrets secrets) {
    }

    /**
     * {@link #findForWebhook} and {@link #secrets} of the same connection at once: what a webhook's intake
     * needs (a store that reads both from one row reads it once).
     */
    default Optional<WithSecrets> findForWebhookWithSecrets(ConnectionId id) {
        return findForWebhook(id).flatMap(c -> secrets(id).map(s -> new WithSecrets(c, s)));
    }

    /** Renames and/or rotates secrets; {@code null} arguments are left as they are. */
    Optional<Connection> update(TenantId tenantId, ConnectionId id, String name, ConnectionSecrets secrets);

    void recordAccountInfo(ConnectionId id, String vendorConnectionId, Quota quota);

    void recordQuota(ConnectionId id, Quota quota);

    /** Soft-deletes: polling stops and webhooks answer 401, while the jobs stay readable. */
    boolean delete(TenantId tenantId, ConnectionId id);

    /** Vendor ids this connection follows beyond single jobs (anon job ids whose runs are followed). */
    void watch(ConnectionId id, String watchedId);

    Set<String> watched(ConnectionId id);
}
