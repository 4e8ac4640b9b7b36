package dev.jobtower.domain.query.contract;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.query.JobStore;

import java.util.UUID;

/** The in-memory store the use-case tests run on passes the same contract as PostgreSQL. */
class InMemoryJobStoreTest implements JobStoreContract {
    private final InMemoryJobStore store = new InMemoryJobStore();

    @Override
    public JobStore store() {
        return store;
    }

    @Override
    public TenantId newTenant() {
        return new TenantId(UUID.randomUUID());
    }

    @Override
    public ConnectionId newConnection(TenantId tenant, Provider provider) {
        return new ConnectionId(UUID.randomUUID());
    }
}
