package dev.jobtower.app.webhooks;

import dev.jobtower.app.sync.ResilientJobProvider;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.AccountInfo;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookRouting;
import dev.jobtower.domain.provider.WebhookSignal;
import dev.jobtower.domain.tracking.ProviderDirectory;
import dev.jobtower.app.settings.WebhookInboxSettings;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Map<ConnectionId, Semaphore> calls = new ConcurrentHashMap<>();

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
        Semaphore free = calls.computeIfAbsent(connection, c -> new Semaphore(perConnection, true));
        try {
            if (!free.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ResilientJobProvider.ProviderBusy(provider);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResilientJobProvider.ProviderBusy(provider);
        }
        try {
            return vendorCall.get();
        } finally {
            free.release();
        }
    }

    /** Only {@link #fetch} (the one call webhook processing makes) goes through the gate. */
    private final class Gated implements JobProvider {
        private final JobProvider delegate;

        Gated(JobProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public Provider provider() {
            return delegate.provider();
        }

        @Override
        public VendorJob fetch(ProviderAccount account, String externalId) {
            return call(account.connectionId(), delegate.provider(), () -> delegate.fetch(account, externalId));
        }

        @Override
        public TrackOutcome track(ProviderAccount account, String externalId) {
            return delegate.track(account, externalId);
        }

        @Override
        public void validateEnqueue(EnqueueRequest request) {
            delegate.validateEnqueue(request);
        }

        @Override
        public Optional<String> preassignExternalId(EnqueueRequest request) {
            return delegate.preassignExternalId(request);
        }

        @Override
        public EnqueueOutcome enqueue(ProviderAccount account, EnqueueRequest request, Optional<String> preassignedId) {
            return delegate.enqueue(account, request, preassignedId);
        }

        @Override
        public List<VendorJob> discover(ProviderAccount account, DiscoveryScope scope) {
            return delegate.discover(account, scope);
        }

        @Override
        public AccountInfo introspect(ProviderAccount account) {
            return delegate.introspect(account);
        }

        @Override
        public void validateWebhookSecret(String secret) {
            delegate.validateWebhookSecret(secret);
        }

        @Override
        public WebhookSignal readWebhook(WebhookDelivery delivery, String secret, Instant now) {
            return delegate.readWebhook(delivery, secret, now);
        }

        @Override
        public void screenWebhook(WebhookDelivery delivery) {
            delegate.screenWebhook(delivery);
        }
    }
}
