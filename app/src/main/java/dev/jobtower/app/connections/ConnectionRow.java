package dev.jobtower.app.connections;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A row of {@code connection}; {@code secrets} is the AES-GCM blob of the token and webhook secret. */
@MappedEntity("connection")
public record ConnectionRow(
        @Id UUID id,
        UUID tenantId,
        String provider,
        String name,
        Instant createdAt,
        @Nullable String vendorConnectionId,
        @Nullable @TypeDef(type = DataType.JSON) Map<String, Object> quota,
        byte[] secrets,
        @Nullable Instant deletedAt,
        @Nullable Instant accountCheckedAt,
        @Nullable Instant discoveredAt) {
}
