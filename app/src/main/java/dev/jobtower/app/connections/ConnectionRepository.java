package dev.jobtower.app.connections;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Live (not deleted) connections. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ConnectionRepository extends CrudRepository<ConnectionRow, UUID> {

    Optional<ConnectionRow> findByIdAndTenantIdAndDeletedAtIsNull(UUID id, UUID tenantId);

    List<ConnectionRow> findByTenantIdAndDeletedAtIsNullOrderByCreatedAt(UUID tenantId);

    List<ConnectionRow> findByDeletedAtIsNullOrderByCreatedAt();

    List<ConnectionRow> findByTenantIdAndProviderAndVendorConnectionIdAndDeletedAtIsNull(UUID tenantId, String provider,
                                                                                         String vendorConnectionId);

    // Column-wise updates: each writer sets only its own columns, so concurrent writers (a rename or secret
    // rotation, quota, account info, a delete) never put back a value another one replaced.

    @Query("update connection set name = coalesce(cast(:name as text), name), "
            + "secrets = coalesce(cast(:secrets as bytea), secrets), "
            + "account_checked_at = case when cast(:secrets as bytea) is null then account_checked_at else null end "
            + "where id = :id and tenant_id = :tenantId and deleted_at is null")
    long updateNameAndSecrets(UUID id, UUID tenantId, @Nullable String name, @Nullable byte[] secrets);

    @Query("update connection set vendor_connection_id = coalesce(cast(:vendorConnectionId as text), vendor_connection_id), "
            + "quota = coalesce(cast(:quota as jsonb), quota), account_checked_at = :checkedAt where id = :id")
    long updateAccountInfo(UUID id, @Nullable String vendorConnectionId, @Nullable String quota, Instant checkedAt);

    @Query("update connection set quota = cast(:quota as jsonb) where id = :id")
    long updateQuota(UUID id, @Nullable String quota);

    @Query("update connection set deleted_at = :deletedAt where id = :id and tenant_id = :tenantId and deleted_at is null")
    long softDelete(UUID id, UUID tenantId, Instant deletedAt);

    @Query("insert into connection_watch (connection_id, watched_id, created_at) values (:connectionId, :watchedId, now()) "
            + "on conflict do nothing")
    void watch(UUID connectionId, String watchedId);

    @Query(value = "select watched_id from connection_watch where connection_id = :connectionId", nativeQuery = true)
    List<String> watched(UUID connectionId);
}
