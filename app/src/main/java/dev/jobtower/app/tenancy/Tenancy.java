package dev.jobtower.app.tenancy;

import dev.jobtower.app.security.Tokens;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.app.settings.ApiKeySettings;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Tenants and their API keys: minting (shown once), revoking, and resolving a key to its tenant. */
@Singleton
public class Tenancy {
    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final Clock clock;
    private final Duration touchInterval;
    private final Duration cacheTtl;
    /** Recently seen live keys by hash: the key lookup was half of PostgreSQL's work for a GET by id. */
    private final Map<ByteBuffer, CachedKey> recent = new ConcurrentHashMap<>();

    private record CachedKey(UUID keyId, TenantId tenant, Instant lastUsedAt, Instant until) {
    }

    public Tenancy(TenantRepository tenants, ApiKeyRepository keys, Clock clock, ApiKeySettings settings) {
        this.tenants = tenants;
        this.keys = keys;
        this.clock = clock;
        this.touchInterval = settings.apiKeyTouchInterval();
        this.cacheTtl = settings.apiKeyCacheTtl();
    }

    /** A new tenant and its first key. */
    public record NewTenant(TenantRow tenant, MintedKey key) {
    }

    /** A key as minted: {@code apiKey} is shown this once and never again. */
    public record MintedKey(UUID keyId, String apiKey, Instant createdAt) {
        @Override
        public String toString() {
            return "MintedKey[keyId=" + keyId + ", apiKey=***]";
        }
    }

    @Transactional
    public NewTenant createTenant(String name) {
        TenantRow tenant = tenants.save(new TenantRow(UUID.randomUUID(), name, now()));
        return new NewTenant(tenant, mintKey(tenant.id()));
    }

    /** Mints a key for a tenant (a known tenant id is the caller's to check). */
    @Transactional
    public MintedKey mintKey(UUID tenantId) {
        return mintKey(tenantId, Tokens.newApiKey());
    }

    /** Stores a given key (the demo tenant's configured key); the caller guarantees it is random enough. */
    @Transactional
    public MintedKey mintKey(UUID tenantId, String apiKey) {
        ApiKeyRow row = keys.save(new ApiKeyRow(UUID.randomUUID(), tenantId, Tokens.sha256(apiKey), now(), null, null));
        return new MintedKey(row.id(), apiKey, row.createdAt());
    }

    public Optional<TenantRow> tenant(UUID id) {
        return tenants.findById(id);
    }

    public List<ApiKeyRow> keys(UUID tenantId) {
        return keys.findByTenantIdOrderByCreatedAt(tenantId);
    }

    public boolean revoke(UUID tenantId, UUID keyId) {
        Optional<ApiKeyRow> key = keys.findByIdAndTenantId(keyId, tenantId);
        if (key.isEmpty()) {
            return false;
        }
        if (key.get().revokedAt() == null) {
            keys.revoke(keyId, tenantId, now());
        }
        recent.values().removeIf(cached -> cached.keyId().equals(keyId));
        return true;
    }

    /**
     * The tenant of a live key, or empty. Records when the key was last used (at most once per
     * touch interval). A live key is remembered for {@code jobtower.api-key-cache-ttl}: a revocation
     * takes effect at once on the instance that revoked it, and within that time on the others.
     */
    public Optional<TenantId> authenticate(String apiKey) {
        if (apiKey == null || apiKey.length() > 512) {
            return Optional.empty();
        }
        return authenticateHash(Tokens.sha256(apiKey));
    }

    /**
     * The tenant of a key remembered as live (see {@link #authenticate(String)}), without any database work;
     * null when the database must be asked ({@link #authenticateHash}): the key is not remembered, its time is
     * up, or its last use is due to be recorded.
     */
    public TenantId recentTenant(byte[] keyHash) {
        CachedKey cached = recent.get(ByteBuffer.wrap(keyHash));
        if (cached == null) {
            return null;
        }
        Instant now = now();
        return cached.until().isAfter(now) && !touchDue(cached.lastUsedAt(), now) ? cached.tenant() : null;
    }

    /** {@link #authenticate(String)} for a key's SHA-256 the caller already computed (the filter needs it twice). */
    public Optional<TenantId> authenticateHash(byte[] keyHash) {
        ByteBuffer hash = ByteBuffer.wrap(keyHash.clone());
        TenantId remembered = recentTenant(keyHash);
        if (remembered != null) {
            return Optional.of(remembered);
        }
        Instant now = now();
        Optional<ApiKeyRow> row = keys.findByKeyHash(hash.array()).filter(k -> k.revokedAt() == null);
        if (row.isEmpty()) {
            recent.remove(hash);
            return Optional.empty();
        }
        ApiKeyRow key = row.get();
        Instant lastUsed = key.lastUsedAt();
        if (touchDue(lastUsed, now)) {
            keys.touch(key.id(), now);
            lastUsed = now;
        }
        TenantId tenant = new TenantId(key.tenantId());
        if (!cacheTtl.isZero() && !cacheTtl.isNegative()) {
            if (recent.size() > 10_000) {
                recent.clear(); // bounded: a flood of distinct keys must not grow memory
            }
            recent.put(hash, new CachedKey(key.id(), tenant, lastUsed, now.plus(cacheTtl)));
        }
        return Optional.of(tenant);
    }

    private boolean touchDue(Instant lastUsedAt, Instant now) {
        return lastUsedAt == null || lastUsedAt.plus(touchInterval).isBefore(now);
    }

    private Instant now() {
        // the database keeps microseconds: truncate so what we return equals what we read back
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
