package dev.jobtower.app.jobs.store;

import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.analytics.JobAnalytics;
import dev.jobtower.domain.analytics.contract.JobAnalyticsContract;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobStore;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.UUID;

/** The PostgreSQL analytics pass the contract every JobAnalytics must. */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresJobAnalyticsTest extends JobtowerTest implements JobAnalyticsContract {
    @Inject
    PostgresJobStore store;
    @Inject
    PostgresJobAnalytics analytics;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;

    @Override
    public JobStore store() {
        return store;
    }

    @Override
    public JobAnalytics analytics() {
        return analytics;
    }

    @Override
    public TenantId newTenant() {
        return new TenantId(tenancy.createTenant("tenant-" + UUID.randomUUID()).tenant().id());
    }

    @Override
    public ConnectionId newConnection(TenantId tenant, Provider provider) {
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, provider, "test", Instant.now(), null, null);
        connections.create(c, new ConnectionSecrets("token", null));
        return c.id();
    }
}
