package dev.jobtower.app.tenancy;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** API keys by hash (authentication) and by tenant (administration). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiKeyRepository extends CrudRepository<ApiKeyRow, UUID> {

    Optional<ApiKeyRow> findByKeyHash(byte[] keyHash);

    List<ApiKeyRow> findByTenantIdOrderByCreatedAt(UUID tenantId);

    Optional<ApiKeyRow> findByIdAndTenantId(UUID id, UUID tenantId);

    @Query("update api_key set revoked_at = :at where id = :id and tenant_id = :tenantId and revoked_at is null")
    long revoke(UUID id, UUID tenantId, Instant at);

    @Query("update api_key set last_used_at = :at where id = :id")
    long touch(UUID id, Instant at);
}
