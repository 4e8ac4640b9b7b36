package dev.jobtower.app.jobs.store;

import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobStore;
import dev.jobtower.domain.query.contract.JobSearchContract;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.UUID;

/**
 * The search contract again with a walk of two rows: every search whose page the newest jobs do not fill
 * takes the second step (the trigram index) after a walk that found some matches but not a page, so the
 * answer of the two steps together is proven the same as of either alone.
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSearchWalkTest extends JobtowerTest implements JobSearchContract {
    @Inject
    PostgresJobStore store;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionStore connections;
    private int walkRows;

    @BeforeAll
    void shortWalk() {
        walkRows = store.searchWalkRows;
        store.searchWalkRows = 2;
    }

    @AfterAll
    void usualWalk() {
        store.searchWalkRows = walkRows;
    }

    @Override
    public JobStore store() {
        return store;
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
