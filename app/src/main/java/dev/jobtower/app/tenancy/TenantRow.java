package dev.jobtower.app.tenancy;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code tenant}. */
@MappedEntity("tenant")
public record TenantRow(@Id UUID id, String name, Instant createdAt) {
}
