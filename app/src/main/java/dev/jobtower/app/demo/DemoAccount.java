package dev.jobtower.app.demo;

import dev.jobtower.app.connections.ConnectionLifecycle;
import dev.jobtower.app.db.DatabaseMode;
import dev.jobtower.app.security.Tokens;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.app.tenancy.TenantRepository;
import dev.jobtower.app.tenancy.TenantRow;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.util.StringUtils;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The demo tenant, its API key and its three connections (one per vendor, each with a webhook secret). Made
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
    /** The simulators take any token; these say what they are in the vendors' request logs. */
    static final Map<Provider, String> TOKENS = Map.of(
            Provider.FINCH, "demo-finch-access-token",
            Provider.ANON, "anon_demo_api_key",
            Provider.INVOPOP, "demo-invopop-workspace-key");
    private static final Map<Provider, String> NAMES = Map.of(
            Provider.FINCH, "Demo payroll (Finch)",
            Provider.ANON, "Demo portals (anon)",
            Provider.INVOPOP, "Demo invoicing (Invopop)");
    private static final SecureRandom RANDOM = new SecureRandom();

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

    public DemoAccount(TenantRepository tenants, Tenancy tenancy, ConnectionStore connections,
                       ConnectionLifecycle lifecycle, DatabaseMode mode, Clock clock,
                       @Value("${jobtower.demo.api-key:}") String configuredKey) {
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
        Map<Provider, Connection> byProvider = new EnumMap<>(Provider.class);
        for (Connection c : connections.list(tenant)) {
            byProvider.putIfAbsent(c.provider(), c);
        }
        for (Provider provider : Provider.values()) {
            if (!byProvider.containsKey(provider)) {
                Connection created = connections.create(new Connection(new ConnectionId(UUID.randomUUID()), tenant,
                        provider, NAMES.get(provider), clock.instant(), null, null),
                        new ConnectionSecrets(TOKENS.get(provider), newWebhookSecret(provider)));
                lifecycle.connected(created); // as the API does: introspect and discover in the background
                byProvider.put(provider, created);
            }
        }
        return new Setup(tenant, key, Map.copyOf(byProvider));
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
        return readOrCreate(mode.dataDir().resolve(KEY_FILE));
    }

    /** A secret in the shape each vendor's webhooks use (the adapters check it when a connection is made). */
    static String newWebhookSecret(Provider provider) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return switch (provider) {
            case FINCH -> Base64.getEncoder().encodeToString(bytes);
            case ANON -> "whsec_" + Base64.getEncoder().encodeToString(bytes);
            case INVOPOP -> "demo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Tokens.newApiKey() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create " + file, e);
        }
    }
}
