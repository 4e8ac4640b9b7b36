package dev.jobtower.app.db;

import dev.jobtower.app.connections.PostgresConnectionStore;
import dev.jobtower.app.support.JobtowerTest;
import dev.jobtower.app.tenancy.Tenancy;
import dev.jobtower.app.webhooks.WebhookInbox;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.provider.WebhookSignal;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook intake's inbox inserts join the group commit (issue 19): deliveries stored at the same time share one
 * transaction (one commit), and each is answered only once its own insert committed.
 */
@MicronautTest(startApplication = false, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIntakeGroupCommitTest extends JobtowerTest {
    private static final int DELIVERIES = 6;
    @Inject
    Database db;
    @Inject
    GroupCommit groups;
    @Inject
    WebhookInbox inbox;
    @Inject
    PostgresConnectionStore connections;
    @Inject
    Tenancy tenancy;

    @Test
    void deliveries_stored_together_share_one_transaction_and_each_is_answered_once_committed() throws Exception {
        TenantId tenant = new TenantId(tenancy.createTenant("intake-" + UUID.randomUUID()).tenant().id());
        ConnectionId connection = new ConnectionId(UUID.randomUUID());
        connections.create(new Connection(connection, tenant, Provider.of("finch"), "intake", Instant.now(), null, null),
                new ConnectionSecrets("token", "c2VjcmV0"));
        ExecutorService threads = Executors.newFixedThreadPool(DELIVERIES + 1);
        try {
            // another write holds the group lock (its transaction waits on a latch) while the deliveries arrive
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> blocker = CompletableFuture.supplyAsync(() -> GroupCommit.groupedValue(
                    () -> groups.write(c -> {
                        started.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return null;
                    })), threads);
            assertTrue(started.await(10, TimeUnit.SECONDS), "the other write is being committed");
            List<CompletableFuture<Boolean>> stored = new ArrayList<>();
            for (int i = 0; i < DELIVERIES; i++) {
                String event = "evt-" + i;
                stored.add(CompletableFuture.supplyAsync(() -> inbox.store(connection, Provider.of("finch"),
                        WebhookSignal.reread(event, "job.benefit_create.completed", null, List.of("job-" + event))), threads));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> groups.waiting() == DELIVERIES);
            for (CompletableFuture<Boolean> s : stored) {
                assertTrue(!s.isDone(), "no delivery is answered before its insert committed");
            }
            assertEquals(0, transactions(connection).size(), "nothing committed yet");
            release.countDown();
            blocker.get(30, TimeUnit.SECONDS);
            for (CompletableFuture<Boolean> s : stored) {
                assertTrue(s.get(30, TimeUnit.SECONDS), "stored as fresh");
            }
            assertEquals(1, transactions(connection).size(), "the " + DELIVERIES + " inserts shared one transaction");
            assertEquals(DELIVERIES, rows(connection), "every delivery stored");
            assertTrue(!inbox.store(connection, Provider.of("finch"),
                    WebhookSignal.reread("evt-0", "job.benefit_create.completed", null, List.of("job-evt-0"))),
                    "a retry is a duplicate");
        } finally {
            threads.shutdownNow();
        }
    }

    private List<String> transactions(ConnectionId connection) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select distinct xmin::text from webhook_inbox where connection_id = ?")) {
                ps.setObject(1, connection.value());
                List<String> xs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        xs.add(rs.getString(1));
                    }
                }
                return xs;
            }
        });
    }

    private long rows(ConnectionId connection) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from webhook_inbox where connection_id = ?")) {
                ps.setObject(1, connection.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
