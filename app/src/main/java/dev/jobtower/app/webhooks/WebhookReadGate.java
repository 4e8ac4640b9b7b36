package dev.jobtower.app.webhooks;

import dev.jobtower.app.sync.ResilientJobProvider;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.ForwardingJobProvider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.WebhookRouting;
import dev.jobtower.domain.tracking.ProviderDirectory;
import dev.jobtower.app.settings.WebhookInboxSettings;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Webhook processing's vendor reads of one connection, at most {@code jobtower.webhooks.connection-parallelism}
 * at once: a delivery being processed holds one of its connection's {@code connection-tasks} for the whole
 * read and store, the vendor call only for the call. So while some deliveries of a connection wait for the
 * database, others are already being read (the store of a read, not the vendor, is most of a delivery's time
 * against a fast vendor). A read that finds no call free within {@link #WAIT} (its vendor hangs) is refused
 * like a full bulkhead: the delivery is given back (not counted as an attempt) and comes again shortly.
 */
@Singleton
public class WebhookReadGate {
    /** How long a read waits for one of its connection's calls before its delivery is given back. */
    static final Duration WAIT = Duration.ofSeconds(1);

    private final int perConnection;
    /** Only connections with a read waiting or under way have an entry: the map does not grow with every connection ever read. */
    private final Map<ConnectionId, Gate> calls = new ConcurrentHashMap<>();

    /** A connection's free calls and how many reads hold or wait for one (changed only inside the map's compute). */
    private static final class Gate {
        final Semaphore free;
        int users;

        Gate(int calls) {
            this.free = new Semaphore(calls, true);
        }
    }

    public WebhookReadGate(WebhookInboxSettings settings) {
        this.perConnection = settings.connectionParallelism();
    }

    /** {@code providers} with each {@link JobProvider#fetch} taking one of its connection's calls. */
    public ProviderDirectory over(ProviderDirectory providers) {
        return new ProviderDirectory() {
            @Override
            public JobProvider of(Provider provider) {
                return new Gated(providers.of(provider));
            }

            @Override
            public WebhookRouting webhookRouting(Provider provider) {
                return providers.webhookRouting(provider);
            }
        };
    }

    private <T> T call(ConnectionId connection, Provider provider, java.util.function.Supplier<T> vendorCall) {
        Gate gate = calls.compute(connection, (c, g) -> {
            Gate used = g != null ? g : new Gate(perConnection);
            used.users++;
            return used;
        });
        try {
            if (!gate.free.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ResilientJobProvider.ProviderBusy(provider);
            }
            try {
                return vendorCall.get();
            } finally {
                gate.free.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResilientJobProvider.ProviderBusy(provider);
        } finally {
            calls.computeIfPresent(connection, (c, g) -> --g.users == 0 ? null : g);
        }
    }

    /** How many connections have a read waiting or under way (what the gate holds state for). */
    int connectionsHeld() {
        return calls.size();
    }

    /** Only {@link #fetch} (the one call webhook processing makes) goes through the gate. */
    private final class Gated extends ForwardingJobProvider {
        Gated(JobProvider delegate) {
            super(delegate);
        }

        @Override
        public VendorJob fetch(ProviderAccount account, String externalId) {
            return call(account.connectionId(), delegate.provider(), () -> delegate.fetch(account, externalId));
        }
    }
}
