package dev.jobtower.app.demo;

import dev.jobtower.app.connections.ConnectionLifecycle;
import dev.jobtower.app.db.DatabaseMode;
import dev.jobtower.app.security.ServerSecrets;
import dev.jobtower.app.security.Tokens;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.app.tenancy.TenantRepository;
import dev.jobtower.app.tenancy.TenantRow;
import dev.jobtower.app.vendors.VendorModules;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.provider.VendorDemo;
import dev.jobtower.domain.provider.VendorModule;
import io.micronaut.context.annotation.Requires;
import dev.jobtower.app.settings.DemoSettings;
import jakarta.inject.Inject;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.util.StringUtils;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The demo tenant, its API key and its connections (one per vendor module with a demo, each with a webhook
 * secret; the module says its name, token and secret format). Made
 * once and found again on every later start, so restarts on the same database never duplicate them.
 */
@Singleton
@Requires(property = "jobtower.demo", value = StringUtils.TRUE)
public class DemoAccount {
    /** A fixed id: the demo tenant is found again after a restart without a lookup by name. */
    public static final UUID TENANT_ID = UUID.fromString("de70de70-0000-4000-8000-000000000001");
    static final String TENANT_NAME = "Demo";
    static final String KEY_FILE = "demo.key";
    static final int MIN_KEY_LENGTH = 16;

    /** What the demo runs as. {@code apiKey} is the one secret demo mode prints. */
    public record Setup(TenantId tenantId, String apiKey, Map<Provider, Connection> connections) {
        @Override
        public String toString() {
            return "Setup[tenantId=" + tenantId + ", apiKey=***, connections=" + connections.keySet() + "]";
        }
    }

    private final TenantRepository tenants;
    private final Tenancy tenancy;
    private final ConnectionStore connections;
    private final ConnectionLifecycle lifecycle;
    private final DatabaseMode mode;
    private final Clock clock;
    private final String configuredKey;
    private final VendorModules vendors;

    @Inject
    public DemoAccount(TenantRepository tenants, Tenancy tenancy, ConnectionStore connections,
                       ConnectionLifecycle lifecycle, DatabaseMode mode, Clock clock,
                       DemoSettings settings, VendorModules vendors) {
        this(tenants, tenancy, connections, lifecycle, mode, clock, settings.apiKey(), vendors);
    }

    public DemoAccount(TenantRepository tenants, Tenancy tenancy, ConnectionStore connections,
                       ConnectionLifecycle lifecycle, DatabaseMode mode, Clock clock,
                       String configuredKey, VendorModules vendors) {
        this.vendors = vendors;
        this.tenants = tenants;
        this.tenancy = tenancy;
        this.connections = connections;
        this.lifecycle = lifecycle;
        this.mode = mode;
        this.clock = clock;
        this.configuredKey = configuredKey == null ? "" : configuredKey.strip();
    }

    /** Finds or makes the tenant, its key and its connections. Safe to call again: it then changes nothing. */
    public synchronized Setup ensure() {
        if (tenants.findById(TENANT_ID).isEmpty()) {
            tenants.save(new TenantRow(TENANT_ID, TENANT_NAME, clock.instant().truncatedTo(ChronoUnit.MICROS)));
        }
        TenantId tenant = new TenantId(TENANT_ID);
        String key = apiKey();
        Optional<TenantId> owner = tenancy.authenticate(key);
        if (owner.isEmpty()) {
            tenancy.mintKey(TENANT_ID, key);
        } else if (!owner.get().equals(tenant)) {
            throw new ConfigurationException("JOBTOWER_DEMO_API_KEY is already a key of another tenant: choose another");
        }
        Map<Provider, Connection> existing = new LinkedHashMap<>();
        for (Connection c : connections.list(tenant)) {
            existing.putIfAbsent(c.provider(), c);
        }
        Map<Provider, Connection> byProvider = new LinkedHashMap<>();
        for (VendorModule module : vendors.all()) {
            Optional<VendorDemo> demo = module.demo();
            if (demo.isEmpty()) {
                continue;
            }
            Provider provider = module.provider();
            Connection connection = existing.get(provider);
            if (connection == null) {
                connection = connections.create(new Connection(new ConnectionId(UUID.randomUUID()), tenant,
                        provider, demo.get().connectionName(), clock.instant(), null, null),
                        new ConnectionSecrets(demo.get().token(), demo.get().newWebhookSecret()));
                lifecycle.connected(connection); // as the API does: introspect and discover in the background
            }
            byProvider.put(provider, connection);
        }
        return new Setup(tenant, key, java.util.Collections.unmodifiableMap(byProvider));
    }

    /** The configured key, else the one generated into the data dir on the first start. */
    private String apiKey() {
        if (!configuredKey.isEmpty()) {
            if (configuredKey.length() < MIN_KEY_LENGTH || configuredKey.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigurationException("JOBTOWER_DEMO_API_KEY must be at least " + MIN_KEY_LENGTH
                        + " characters without spaces");
            }
            return configuredKey;
        }
        return ServerSecrets.readOrCreate(mode.dataDir().resolve(KEY_FILE), Tokens::newApiKey);
    }
}
