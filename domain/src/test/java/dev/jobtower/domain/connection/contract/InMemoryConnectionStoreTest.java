package dev.jobtower.domain.connection.contract;

import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.TenantId;

import java.util.UUID;

/** The in-memory store the use-case tests run on passes the same contract as PostgreSQL. */
class InMemoryConnectionStoreTest implements ConnectionStoreContract {
    private final InMemoryConnectionStore store = new InMemoryConnectionStore();

    @Override
    public ConnectionStore store() {
        return store;
    }

    @Override
    public TenantId newTenant() {
        return new TenantId(UUID.randomUUID());
    }
}
