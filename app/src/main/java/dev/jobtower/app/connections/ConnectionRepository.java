package dev.jobtower.app.connections;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Live (not deleted) connections. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ConnectionRepository extends CrudRepository<ConnectionRow, UUID> {

    Optional<ConnectionRow> findByIdAndTenantIdAndDeletedAtIsNull(UUID id, UUID tenantId);

    Optional<ConnectionRow> findByIdAndDeletedAtIsNull(UUID id);

    List<ConnectionRow> findByTenantIdAndDeletedAtIsNullOrderByCreatedAt(UUID tenantId);

    List<ConnectionRow> findByDeletedAtIsNullOrderByCreatedAt();

    List<ConnectionRow> findByTenantIdAndProviderAndVendorConnectionIdAndDeletedAtIsNull(UUID tenantId, String provider,
                                                                                         String vendorConnectionId);

    @Query("insert into connection_watch (connection_id, watched_id, created_at) values (:connectionId, :watchedId, now()) "
            + "on conflict do nothing")
    void watch(UUID connectionId, String watchedId);

    @Query(value = "select watched_id from connection_watch where connection_id = :connectionId", nativeQuery = true)
    List<String> watched(UUID connectionId);
}
