package dev.jobtower.app.webhooks;

import dev.jobtower.app.settings.WebhookInboxSettings;
import dev.jobtower.app.sync.ResilientJobProvider;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.contract.InMemoryJobProvider;
import dev.jobtower.domain.tracking.ProviderDirectory;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate on webhook processing's vendor reads: a cap per connection, and no state kept for idle connections. */
class WebhookReadGateTest {
    private static final Provider FAKE = Provider.of("fake");
    private final ConnectionId hanging = new ConnectionId(UUID.randomUUID());
    private final CountDownLatch entered = new CountDownLatch(2);
    private final CountDownLatch release = new CountDownLatch(1);
    private final InMemoryJobProvider vendor = new InMemoryJobProvider(FAKE);
    private final WebhookReadGate gate = new WebhookReadGate(
            new WebhookInboxSettings(100, 20, Duration.ofSeconds(60), true, 16, 2, "7d", 8));
    private final JobProvider gated = gate.over(provider -> holdingReadsOf(hanging)).of(FAKE);

    /** The in-memory vendor, except that reads of {@code connection} wait for {@link #release}. */
    private JobProvider holdingReadsOf(ConnectionId connection) {
        return (JobProvider) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{JobProvider.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("fetch") && ((ProviderAccount) args[0]).connectionId().equals(connection)) {
                        entered.countDown();
                        assertTrue(release.await(30, TimeUnit.SECONDS));
                    }
                    try {
                        return method.invoke(vendor, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static ProviderAccount account(ConnectionId id) {
        return new ProviderAccount(id, "token", null);
    }

    @Test
    void a_connection_gets_at_most_its_calls_while_another_is_read_at_once_and_nothing_stays_behind() throws Exception {
        vendor.put("job-1", JobStatus.RUNNING);
        CompletableFuture<?> first = CompletableFuture.runAsync(() -> gated.fetch(account(hanging), "job-1"));
        CompletableFuture<?> second = CompletableFuture.runAsync(() -> gated.fetch(account(hanging), "job-1"));
        assertTrue(entered.await(30, TimeUnit.SECONDS), "both of the connection's calls are at the vendor");

        assertThrows(ResilientJobProvider.ProviderBusy.class, () -> gated.fetch(account(hanging), "job-1"),
                "a third read of the same connection finds no call free and is given back");
        ConnectionId healthy = new ConnectionId(UUID.randomUUID());
        assertEquals("job-1", gated.fetch(account(healthy), "job-1").externalId(), "another connection is not held up");

        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        assertEquals(0, gate.connectionsHeld(), "no connection is remembered once its reads are done");
    }

    @Test
    void a_failed_read_gives_its_call_back() {
        ConnectionId connection = new ConnectionId(UUID.randomUUID());
        for (int i = 0; i < 5; i++) {
            assertThrows(RuntimeException.class, () -> gated.fetch(account(connection), "absent"));
        }
        vendor.put("job-2", JobStatus.SUCCEEDED);
        assertEquals("job-2", gated.fetch(account(connection), "job-2").externalId(), "calls were released after failures");
        assertEquals(0, gate.connectionsHeld());
    }
}
