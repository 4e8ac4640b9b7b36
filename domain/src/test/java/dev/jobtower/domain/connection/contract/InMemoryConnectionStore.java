package dev.jobtower.domain.connection.contract;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ConnectionStore} over maps, for use-case tests: it passes the same {@link ConnectionStoreContract}
 * as PostgreSQL (secrets are kept as given: there is nothing at rest to encrypt).
 */
public final class InMemoryConnectionStore implements ConnectionStore {
    private final Map<ConnectionId, Connection> connections = new HashMap<>();
    private final Map<ConnectionId, ConnectionSecrets> secrets = new HashMap<>();
    private final Set<ConnectionId> deleted = new HashSet<>();
    private final Map<ConnectionId, Set<String>> watched = new HashMap<>();

    @Override
    public synchronized Connection create(Connection connection, ConnectionSecrets connectionSecrets) {
        connections.put(connection.id(), connection);
        secrets.put(connection.id(), connectionSecrets);
        return connection;
    }

    @Override
    public synchronized Optional<Connection> find(TenantId tenantId, ConnectionId id) {
        return findForWebhook(id).filter(c -> c.tenantId().equals(tenantId));
    }

    @Override
    public synchronized Optional<Connection> findForWebhook(ConnectionId id) {
        return deleted.contains(id) ? Optional.empty() : Optional.ofNullable(connections.get(id));
    }

    @Override
    public synchronized List<Connection> list(TenantId tenantId) {
        return live().filter(c -> c.tenantId().equals(tenantId)).toList();
    }

    @Override
    public synchronized List<Connection> listAll() {
        return live().toList();
    }

    @Override
    public synchronized List<Connection> findByVendorConnectionId(TenantId tenantId, Provider provider,
                                                                  String vendorConnectionId) {
        return live().filter(c -> c.tenantId().equals(tenantId) && c.provider().equals(provider)
                && Objects.equals(c.vendorConnectionId(), vendorConnectionId)).toList();
    }

    @Override
    public synchronized Optional<ConnectionSecrets> secrets(ConnectionId id) {
        return findForWebhook(id).map(c -> secrets.get(id));
    }

    @Override
    public synchronized Optional<Connection> update(TenantId tenantId, ConnectionId id, String name,
                                                    ConnectionSecrets newSecrets) {
        Optional<Connection> current = find(tenantId, id);
        current.ifPresent(c -> {
            connections.put(id, new Connection(c.id(), c.tenantId(), c.provider(), name != null ? name : c.name(),
                    c.createdAt(), c.vendorConnectionId(), c.quota()));
            if (newSecrets != null) {
                secrets.put(id, newSecrets);
            }
        });
        return find(tenantId, id);
    }

    @Override
    public synchronized void recordAccountInfo(ConnectionId id, String vendorConnectionId, Quota quota) {
        Connection c = connections.get(id);
        if (c != null) {
            connections.put(id, new Connection(c.id(), c.tenantId(), c.provider(), c.name(), c.createdAt(),
                    vendorConnectionId != null ? vendorConnectionId : c.vendorConnectionId(), quota != null ? quota : c.quota()));
        }
    }

    @Override
    public synchronized void recordQuota(ConnectionId id, Quota quota) {
        Connection c = connections.get(id);
        if (c != null) {
            connections.put(id, new Connection(c.id(), c.tenantId(), c.provider(), c.name(), c.createdAt(),
                    c.vendorConnectionId(), quota));
        }
    }

    @Override
    public synchronized boolean delete(TenantId tenantId, ConnectionId id) {
        return find(tenantId, id).isPresent() && deleted.add(id);
    }

    @Override
    public synchronized void watch(ConnectionId id, String watchedId) {
        watched.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(watchedId);
    }

    @Override
    public synchronized Set<String> watched(ConnectionId id) {
        return Set.copyOf(watched.getOrDefault(id, Set.of()));
    }

    private java.util.stream.Stream<Connection> live() {
        return connections.values().stream().filter(c -> !deleted.contains(c.id()))
                .sorted(Comparator.comparing(Connection::createdAt).thenComparing(c -> c.id().value().toString()));
    }
}
