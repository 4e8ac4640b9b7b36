package dev.jobtower.app.notifications;

import dev.jobtower.app.db.Database;
import dev.jobtower.app.db.Rows;
import dev.jobtower.app.security.CredentialCipher;

import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Endpoints in PostgreSQL; secrets AES-256-GCM encrypted with the credentials' key, bound to the endpoint id. */
@Singleton
public class WebhookEndpointStore {
    private static final String COLUMNS = "id, tenant_id, url, description, events, filter_provider, filter_status, "
            + "filter_type, filter_connection, enabled, disabled_reason, created_at";

    private final Database db;
    private final CredentialCipher cipher;
    private final WebhookSettings settings;
    private final Clock clock;
    private static final long SECRETS_TTL_NANOS = 1_000_000_000L;
    private final java.util.concurrent.ConcurrentHashMap<UUID, CachedSecrets> secretsCache = new java.util.concurrent.ConcurrentHashMap<>();

    public WebhookEndpointStore(Database db, CredentialCipher cipher, WebhookSettings settings, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.settings = settings;
        this.clock = clock;
    }

    public void create(WebhookEndpoint e, String secret) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into webhook_endpoint (id, tenant_id, url, description, "
                    + "events, filter_provider, filter_status, filter_type, filter_connection, enabled, secret, created_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)")) {
                Rows.bind(ps, e.id(), e.tenantId(), e.url(), e.description(), strings(e.events()),
                        strings(e.filter().provider()), strings(e.filter().status()), strings(e.filter().type()),
                        e.filter().connectionId().toArray(UUID[]::new), seal(e.id(), secret), e.createdAt());
                return ps.executeUpdate();
            }
        });
    }

    public List<WebhookEndpoint> list(UUID tenant) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS
                    + " from webhook_endpoint where tenant_id = ? order by created_at, id")) {
                Rows.bind(ps, tenant);
                return all(ps);
            }
        });
    }

    public Optional<WebhookEndpoint> find(UUID tenant, UUID id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS
                    + " from webhook_endpoint where tenant_id = ? and id = ?")) {
                Rows.bind(ps, tenant, id);
                return all(ps).stream().findFirst();
            }
        });
    }

    /** Replaces the editable fields; enabling again clears the disabled reason and the failure streak. */
    public Optional<WebhookEndpoint> update(WebhookEndpoint e) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_endpoint set url = ?, description = ?, events = ?, "
                    + "filter_provider = ?, filter_status = ?, filter_type = ?, filter_connection = ?, "
                    + "disabled_reason = case when ? then null else disabled_reason end, "
                    + "failing_since = case when ? and not enabled then null else failing_since end, "
                    + "consecutive_failures = case when ? and not enabled then 0 else consecutive_failures end, "
                    + "circuit_open_until = case when ? and not enabled then null else circuit_open_until end, "
                    + "enabled = ? where tenant_id = ? and id = ?")) {
                Rows.bind(ps, e.url(), e.description(), strings(e.events()), strings(e.filter().provider()),
                        strings(e.filter().status()), strings(e.filter().type()),
                        e.filter().connectionId().toArray(UUID[]::new), e.enabled(), e.enabled(), e.enabled(), e.enabled(),
                        e.enabled(), e.tenantId(), e.id());
                return ps.executeUpdate();
            }
        });
        return find(e.tenantId(), e.id());
    }

    public boolean delete(UUID tenant, UUID id) {
        secretsCache.remove(id);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from webhook_endpoint where tenant_id = ? and id = ?")) {
                Rows.bind(ps, tenant, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Makes {@code secret} the signing secret; the old one keeps signing too for the rotation overlap. */
    public boolean rotate(UUID tenant, UUID id, String secret) {
        secretsCache.remove(id);
        Instant until = clock.instant().plus(settings.rotationOverlap());
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update webhook_endpoint set previous_secret = secret, "
                    + "previous_secret_until = ?, secret = ? where tenant_id = ? and id = ?")) {
                Rows.bind(ps, until, seal(id, secret), tenant, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * The secrets that sign a message now: the current one, then the previous one during the overlap.
     * Remembered for a second (a busy endpoint's rounds would otherwise read and decrypt them each time);
     * a rotation on this instance forgets them at once, on another within that second.
     */
    public List<String> signingSecrets(UUID id) {
        CachedSecrets cached = secretsCache.get(id);
        Instant now = clock.instant();
        if (cached != null && System.nanoTime() - cached.loadedAt() < SECRETS_TTL_NANOS
                && (cached.previousUntil() == null || now.isBefore(cached.previousUntil()))) {
            return cached.secrets();
        }
        CachedSecrets loaded = loadSecrets(id);
        if (secretsCache.size() > 10_000) {
            secretsCache.clear();
        }
        secretsCache.put(id, loaded);
        return loaded.secrets();
    }

    private record CachedSecrets(List<String> secrets, Instant previousUntil, long loadedAt) {
    }

    private CachedSecrets loadSecrets(UUID id) {
        long loadedAt = System.nanoTime();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select secret, previous_secret, previous_secret_until "
                    + "from webhook_endpoint where id = ?")) {
                Rows.bind(ps, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new CachedSecrets(List.of(), null, loadedAt);
                    }
                    List<String> secrets = new ArrayList<>(2);
                    secrets.add(open(id, rs.getBytes("secret")));
                    Instant until = Rows.instant(rs, "previous_secret_until");
                    byte[] previous = rs.getBytes("previous_secret");
                    if (previous != null && until != null && clock.instant().isBefore(until)) {
                        secrets.add(open(id, previous));
                        return new CachedSecrets(List.copyOf(secrets), until, loadedAt);
                    }
                    return new CachedSecrets(List.copyOf(secrets), null, loadedAt);
                }
            }
        });
    }

    private byte[] seal(UUID id, String secret) {
        return cipher.encrypt(secret, "webhook-endpoint:" + id);
    }

    private String open(UUID id, byte[] blob) {
        return cipher.decrypt(blob, "webhook-endpoint:" + id);
    }

    private static String[] strings(List<String> values) {
        return values.toArray(String[]::new);
    }

    private static List<WebhookEndpoint> all(PreparedStatement ps) throws SQLException {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                endpoints.add(map(rs));
            }
        }
        return endpoints;
    }

    static WebhookEndpoint map(ResultSet rs) throws SQLException {
        return new WebhookEndpoint(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("url"),
                rs.getString("description"), textArray(rs.getArray("events")),
                new WebhookEndpoint.Filter(textArray(rs.getArray("filter_provider")), textArray(rs.getArray("filter_status")),
                        textArray(rs.getArray("filter_type")), uuidArray(rs.getArray("filter_connection"))),
                rs.getBoolean("enabled"), rs.getString("disabled_reason"), Rows.instant(rs, "created_at"));
    }

    private static List<String> textArray(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static List<UUID> uuidArray(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((UUID[]) array.getArray());
    }

    /** Marks an endpoint disabled (410 gone, or failing for too long). */
    static void disable(Connection c, UUID id, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update webhook_endpoint set enabled = false, disabled_reason = ? "
                + "where id = ? and enabled")) {
            Rows.bind(ps, reason, id);
            ps.executeUpdate();
        }
    }
}
