package dev.jobtower.app.connections;

import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.connection.contract.ConnectionStoreContract;
import dev.jobtower.domain.job.TenantId;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import dev.jobtower.app.support.MovableClock;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.Provider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PostgreSQL store passes the same contract every ConnectionStore must. */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresConnectionStoreTest extends JobtowerTest implements ConnectionStoreContract {
    @Inject
    PostgresConnectionStore store;
    @Inject
    Tenancy tenancy;
    @Inject
    ConnectionRepository repository;
    @Inject
    dev.jobtower.app.security.CredentialCipher cipher;
    @Inject
    io.micronaut.json.JsonMapper json;
    @Inject
    dev.jobtower.app.db.Database db;

    @Override
    public ConnectionStore store() {
        return store;
    }

    @Override
    public TenantId newTenant() {
        return new TenantId(tenancy.createTenant("tenant-" + UUID.randomUUID()).tenant().id());
    }

    /**
     * Webhook intake remembers a connection's row for a second (issue 19): another instance's deletion is seen
     * once that second is over, not before; this instance's own deletion at once (the contract's test).
     */
    @Test
    void intake_remembers_a_connection_for_its_bound_and_sees_another_instances_deletion_after_it() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
        PostgresConnectionStore other = new PostgresConnectionStore(repository, cipher, json, clock, db);
        TenantId t = newTenant();
        Connection c = store.create(new Connection(new dev.jobtower.domain.job.ConnectionId(UUID.randomUUID()), t,
                Provider.of("finch"), "remembered", Instant.parse("2026-12-05T09:00:00Z"), null, null),
                new dev.jobtower.domain.connection.ConnectionSecrets("token", "c2VjcmV0"));
        assertTrue(other.findForWebhookWithSecrets(c.id()).isPresent(), "read");
        assertTrue(store.delete(t, c.id()), "deleted by this instance");
        clock.advance(Duration.ofMillis(PostgresConnectionStore.INTAKE_BOUND_MILLIS - 1));
        assertTrue(other.findForWebhookWithSecrets(c.id()).isPresent(), "the other instance, within the bound: not read again");
        clock.advance(Duration.ofMillis(1));
        assertTrue(other.findForWebhookWithSecrets(c.id()).isEmpty(), "past the bound: read again, deleted");
        clock.advance(Duration.ofHours(-1));
        assertTrue(other.findForWebhookWithSecrets(c.id()).isEmpty(), "a clock set back does not revive it");
    }
}
