package dev.jobtower.app.connections;

import dev.jobtower.app.security.CredentialCipher;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The PostgreSQL {@link ConnectionStore}. Secrets are sealed with AES-256-GCM bound to the
 * connection id; they are decrypted only in {@link #secrets}, for a vendor call or a webhook check.
 */
@Singleton
public class PostgresConnectionStore implements ConnectionStore {
    private final ConnectionRepository repository;
    private final CredentialCipher cipher;
    private final JsonMapper json;
    private final Clock clock;

    private final dev.jobtower.app.db.Database db;

    public PostgresConnectionStore(ConnectionRepository repository, CredentialCipher cipher, JsonMapper json, Clock clock,
                                   dev.jobtower.app.db.Database db) {
        this.db = db;
        this.repository = repository;
        this.cipher = cipher;
        this.json = json;
        this.clock = clock;
    }

    /** The sealed form of the secrets. */
    @Serdeable
    record SealedSecrets(String token, String webhookSecret) {
        @Override
        public String toString() {
            return "SealedSecrets[***]";
        }
    }

    @Override
    public Connection create(Connection connection, ConnectionSecrets secrets) {
        repository.save(new ConnectionRow(connection.id().value(), connection.tenantId().value(),
                connection.provider().wireName(), connection.name(), connection.createdAt(),
                connection.vendorConnectionId(), quotaMap(connection.quota()), seal(connection.id(), secrets),
                null, null, null));
        return connection;
    }

    @Override
    public Optional<Connection> find(TenantId tenantId, ConnectionId id) {
        return repository.findByIdAndTenantIdAndDeletedAtIsNull(id.value(), tenantId.value()).map(this::toDomain);
    }

    @Override
    public Optional<Connection> findForWebhook(ConnectionId id) {
        return liveRow(id.value()).map(this::toDomain);
    }

    @Override
    public List<Connection> list(TenantId tenantId) {
        return repository.findByTenantIdAndDeletedAtIsNullOrderByCreatedAt(tenantId.value()).stream()
                .map(this::toDomain).toList();
    }

    @Override
    public List<Connection> listAll() {
        return repository.findByDeletedAtIsNullOrderByCreatedAt().stream().map(this::toDomain).toList();
    }

    @Override
    public List<Connection> findByVendorConnectionId(TenantId tenantId, Provider provider, String vendorConnectionId) {
        return repository.findByTenantIdAndProviderAndVendorConnectionIdAndDeletedAtIsNull(tenantId.value(),
                provider.wireName(), vendorConnectionId).stream().map(this::toDomain).toList();
    }

    /**
     * One read of the connection's row for both (webhook intake: one statement per delivery fewer), remembered for
     * {@link #INTAKE_BOUND_MILLIS} (issue 19: a burst of deliveries to one connection read its row once per delivery,
     * 15 % of intake's app CPU and one of its two statements). This instance's own changes to the connection
     * (update, delete, account info, quota) forget it at once; another instance's are seen within the bound.
     */
    @Override
    public Optional<WithSecrets> findForWebhookWithSecrets(ConnectionId id) {
        long now = clock.millis();
        IntakeEntry known = intake.get(id);
        if (known != null && now >= known.readAt() && now - known.readAt() < INTAKE_BOUND_MILLIS) {
            return Optional.of(known.found());
        }
        Optional<WithSecrets> found = liveRow(id.value())
                .map(row -> new WithSecrets(toDomain(row), unsealed(id, row.secrets())));
        if (found.isPresent()) {
            if (intake.size() >= 10_000) {
                intake.clear(); // bounded: connections come and go
            }
            intake.put(id, new IntakeEntry(found.get(), now));
        } else {
            intake.remove(id);
        }
        return found;
    }

    /** How long webhook intake trusts a connection's row it has read (a deletion elsewhere is seen within it). */
    static final long INTAKE_BOUND_MILLIS = 1_000;

    private record IntakeEntry(WithSecrets found, long readAt) {
    }

    private final Map<ConnectionId, IntakeEntry> intake = new java.util.concurrent.ConcurrentHashMap<>();

    /** This instance changed the connection: intake reads its row again. */
    private void forget(ConnectionId id) {
        intake.remove(id);
    }

    /**
     * A live connection's row by id, in plain JDBC: the look-up every webhook delivery and every poll claim makes,
     * where Micronaut Data's binding and row mapping cost about twice the query itself (issue 19: 12 % of the app's
     * CPU in webhook intake and processing, by JFR). Reads in the caller's transaction, if any.
     */
    private Optional<ConnectionRow> liveRow(java.util.UUID id) {
        return db.read(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("select id, tenant_id, provider, name, created_at, "
                    + "vendor_connection_id, quota::text as quota, secrets, deleted_at, account_checked_at, discovered_at "
                    + "from connection where id = ? and deleted_at is null")) {
                dev.jobtower.app.db.Rows.bind(ps, id);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String quota = rs.getString("quota");
                    return Optional.of(new ConnectionRow(dev.jobtower.app.db.Rows.uuid(rs, "id"),
                            dev.jobtower.app.db.Rows.uuid(rs, "tenant_id"), rs.getString("provider"), rs.getString("name"),
                            dev.jobtower.app.db.Rows.instant(rs, "created_at"), rs.getString("vendor_connection_id"),
                            quota == null ? null : readQuota(quota), rs.getBytes("secrets"),
                            dev.jobtower.app.db.Rows.instant(rs, "deleted_at"),
                            dev.jobtower.app.db.Rows.instant(rs, "account_checked_at"),
                            dev.jobtower.app.db.Rows.instant(rs, "discovered_at")));
                }
            }
        });
    }

    private Map<String, Object> readQuota(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<ConnectionSecrets> secrets(ConnectionId id) {
        return liveRow(id.value()).map(row -> unsealed(id, row.secrets()));
    }

    /**
     * The last secrets decrypted per connection, with the sealed bytes they came from: every poll read and
     * webhook needs them, and while the stored bytes are the same (always read, so an update on another
     * instance is seen at once) decrypting and parsing them again would give the same answer.
     */
    private record Unsealed(byte[] sealed, ConnectionSecrets secrets) {
    }

    private final Map<ConnectionId, Unsealed> unsealed = new java.util.concurrent.ConcurrentHashMap<>();

    private ConnectionSecrets unsealed(ConnectionId id, byte[] sealed) {
        Unsealed known = unsealed.get(id);
        if (known != null && java.util.Arrays.equals(known.sealed(), sealed)) {
            return known.secrets();
        }
        ConnectionSecrets secrets = unseal(id, sealed);
        if (unsealed.size() >= 10_000) {
            unsealed.clear(); // bounded: connections come and go
        }
        unsealed.put(id, new Unsealed(sealed.clone(), secrets));
        return secrets;
    }

    @Override
    @Transactional
    public Optional<Connection> update(TenantId tenantId, ConnectionId id, String name, ConnectionSecrets secrets) {
        forget(id);
        long updated = repository.updateNameAndSecrets(id.value(), tenantId.value(),
                name != null ? Connection.requireName(name) : null, secrets != null ? seal(id, secrets) : null);
        return updated == 0 ? Optional.empty() : find(tenantId, id);
    }

    @Override
    @Transactional
    public void recordAccountInfo(ConnectionId id, String vendorConnectionId, Quota quota) {
        forget(id);
        repository.updateAccountInfo(id.value(), vendorConnectionId, quotaJson(quota), clock.instant());
    }

    @Override
    @Transactional
    public void recordQuota(ConnectionId id, Quota quota) {
        forget(id);
        repository.updateQuota(id.value(), quotaJson(quota));
    }

    @Override
    @Transactional
    public boolean delete(TenantId tenantId, ConnectionId id) {
        forget(id);
        return repository.softDelete(id.value(), tenantId.value(), clock.instant()) > 0;
    }

    @Override
    public void watch(ConnectionId id, String watchedId) {
        repository.watch(id.value(), watchedId);
    }

    @Override
    public Set<String> watched(ConnectionId id) {
        return new LinkedHashSet<>(repository.watched(id.value()));
    }

    private Connection toDomain(ConnectionRow row) {
        return new Connection(new ConnectionId(row.id()), new TenantId(row.tenantId()),
                Provider.of(row.provider()), row.name(), row.createdAt(),
                row.vendorConnectionId(), quota(row.quota()));
    }

    private byte[] seal(ConnectionId id, ConnectionSecrets secrets) {
        try {
            return cipher.encrypt(json.writeValueAsString(new SealedSecrets(secrets.token(), secrets.webhookSecret())),
                    id.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConnectionSecrets unseal(ConnectionId id, byte[] blob) {
        try {
            SealedSecrets s = json.readValue(cipher.decrypt(blob, id.toString()), Argument.of(SealedSecrets.class));
            return new ConnectionSecrets(s.token(), s.webhookSecret());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String quotaJson(Quota quota) {
        Map<String, Object> map = quotaMap(quota);
        if (map == null) {
            return null;
        }
        try {
            return json.writeValueAsString(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> quotaMap(Quota quota) {
        if (quota == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("allowedRefreshes", quota.allowedRefreshes());
        map.put("remainingRefreshes", quota.remainingRefreshes());
        map.put("retryAt", quota.retryAt() == null ? null : quota.retryAt().toString());
        return map;
    }

    private static Quota quota(Map<String, Object> map) {
        if (map == null) {
            return null;
        }
        Object retry = map.get("retryAt");
        return new Quota(integer(map.get("allowedRefreshes")), integer(map.get("remainingRefreshes")),
                retry == null ? null : Instant.parse(retry.toString()));
    }

    private static Integer integer(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }
}
