package dev.jobtower.app.tenancy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code api_key}: the key itself is never stored, only its SHA-256. */
@MappedEntity("api_key")
public record ApiKeyRow(@Id UUID id, UUID tenantId, byte[] keyHash, Instant createdAt,
                        @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {
}
