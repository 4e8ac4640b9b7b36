package dev.jobtower.app.tenancy;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.UUID;

/** Tenants. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TenantRepository extends CrudRepository<TenantRow, UUID> {
}
