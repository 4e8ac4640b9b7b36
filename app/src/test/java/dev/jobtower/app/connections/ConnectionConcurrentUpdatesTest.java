package dev.jobtower.app.connections;

import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concurrent writers of one connection row (a customer renaming and rotating secrets, the poller
 * recording quota, the background /introspect recording account info, a delete) never undo each
 * other: every writer's last value is what stays, and a deleted connection stays deleted.
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // so the test database of JobtowerTest is used, not an embedded one
class ConnectionConcurrentUpdatesTest extends JobtowerTest {
    static final int ROUNDS = 150;

    @Inject
    ConnectionStore store;
    @Inject
    Tenancy tenancy;

    Connection newConnection(TenantId tenant) {
        Connection c = new Connection(new ConnectionId(UUID.randomUUID()), tenant, Provider.of("finch"), "start", Instant.now(), null, null);
        store.create(c, new ConnectionSecrets("tok-start", "c2VjcmV0"));
        return c;
    }

    @Test
    void renames_rotations_quota_and_account_info_at_once_each_keep_their_last_value() throws Exception {
        TenantId tenant = new TenantId(tenancy.createTenant("conn-race-" + UUID.randomUUID()).tenant().id());
        Connection c = newConnection(tenant);
        CountDownLatch start = new CountDownLatch(1);

        CompletableFuture<Void> customer = CompletableFuture.runAsync(() -> {
            await(start);
            for (int i = 0; i < ROUNDS; i++) {
                store.update(tenant, c.id(), "name-" + i, i % 2 == 0 ? new ConnectionSecrets("tok-" + i, "c2VjcmV0") : null);
            }
        });
        CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
            await(start);
            for (int i = 0; i < ROUNDS; i++) {
                store.recordQuota(c.id(), new Quota(100, i, null));
            }
        });
        CompletableFuture<Void> introspection = CompletableFuture.runAsync(() -> {
            await(start);
            for (int i = 0; i < ROUNDS; i++) {
                store.recordAccountInfo(c.id(), "vc-" + i, null);
            }
        });
        start.countDown();
        CompletableFuture.allOf(customer, poller, introspection).get(120, TimeUnit.SECONDS);

        Connection after = store.find(tenant, c.id()).orElseThrow();
        assertEquals("name-" + (ROUNDS - 1), after.name(), "the last rename stays");
        assertEquals("tok-" + (ROUNDS - 2), store.secrets(c.id()).orElseThrow().token(), "the last rotation stays");
        assertEquals(ROUNDS - 1, after.quota().remainingRefreshes(), "the last quota stays");
        assertEquals("vc-" + (ROUNDS - 1), after.vendorConnectionId(), "the last account info stays");
    }

    @Test
    void a_delete_during_quota_and_account_updates_stays_deleted() throws Exception {
        TenantId tenant = new TenantId(tenancy.createTenant("conn-delete-" + UUID.randomUUID()).tenant().id());
        for (int attempt = 0; attempt < 10; attempt++) {
            Connection c = newConnection(tenant);
            AtomicBoolean stop = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
            CountDownLatch running = new CountDownLatch(2);
            CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
                running.countDown();
                for (int i = 0; !stop.get() && i < 10_000; i++) {
                    store.recordQuota(c.id(), new Quota(100, i, null));
                    writes.incrementAndGet();
                }
            });
            CompletableFuture<Void> introspection = CompletableFuture.runAsync(() -> {
                running.countDown();
                for (int i = 0; !stop.get() && i < 10_000; i++) {
                    store.recordAccountInfo(c.id(), "vc-" + i, new Quota(100, i, null));
                    writes.incrementAndGet();
                }
            });
            running.await(10, TimeUnit.SECONDS);
            int before = writes.get();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> writes.get() >= before + 5);
            assertTrue(store.delete(tenant, c.id()));
            int atDelete = writes.get();
            // the writers go on for a while after the delete
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> writes.get() >= atDelete + 20);
            stop.set(true);
            CompletableFuture.allOf(poller, introspection).get(60, TimeUnit.SECONDS);

            assertTrue(store.find(tenant, c.id()).isEmpty(), "attempt " + attempt + ": the deleted connection came back");
            assertTrue(store.secrets(c.id()).isEmpty());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
