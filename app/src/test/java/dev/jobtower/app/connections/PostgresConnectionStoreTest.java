package dev.jobtower.app.connections;

import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.connection.contract.ConnectionStoreContract;
import dev.jobtower.domain.job.TenantId;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.UUID;

/** The PostgreSQL store passes the same contract every ConnectionStore must. */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresConnectionStoreTest extends JobtowerTest implements ConnectionStoreContract {
    @Inject
    PostgresConnectionStore store;
    @Inject
    Tenancy tenancy;

    @Override
    public ConnectionStore store() {
        return store;
    }

    @Override
    public TenantId newTenant() {
        return new TenantId(tenancy.createTenant("tenant-" + UUID.randomUUID()).tenant().id());
    }
}
