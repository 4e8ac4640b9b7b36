package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.contract.InMemoryConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.JobStatus;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.StatusChange;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.AccountInfo;
import dev.jobtower.domain.provider.CallRefused;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.provider.EnqueueOutcome;
import dev.jobtower.domain.provider.EnqueueRequest;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.WebhookRouting;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.TrackOutcome;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookSignal;
import dev.jobtower.domain.provider.contract.InMemoryJobProvider;
import dev.jobtower.domain.query.contract.InMemoryJobStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What every use-case test runs on: the in-memory stores (which pass the PostgreSQL stores' contracts),
 * a scripted vendor and a clock the test moves. No Micronaut, no database.
 */
final class UseCaseFixture {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    final MovableClock clock = new MovableClock(T0);
    final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    final Map<Provider, ScriptedVendor> vendors = new ConcurrentHashMap<>();
    /** The scripted vendors; "finch" routes its webhooks by the payload's connection id, as Finch's module declares. */
    final ProviderDirectory providers = new ProviderDirectory() {
        @Override
        public JobProvider of(Provider p) {
            return vendors.computeIfAbsent(p, ScriptedVendor::new);
        }

        @Override
        public WebhookRouting webhookRouting(Provider p) {
            return p.equals(Provider.of("finch")) ? WebhookRouting.VENDOR_CONNECTION_ID : WebhookRouting.PATH_CONNECTION;
        }
    };

    ScriptedVendor vendor(Provider provider) {
        return (ScriptedVendor) providers.of(provider);
    }

    TenantId tenant() {
        return new TenantId(UUID.randomUUID());
    }

    Connection connection(TenantId tenant, Provider provider) {
        return connections.create(new Connection(new ConnectionId(UUID.randomUUID()), tenant, provider, "acct",
                clock.instant(), null, null), new ConnectionSecrets("token", InMemoryJobProviderSecret.SECRET));
    }

    List<StatusChange> history(Connection c, String externalId) {
        return jobs.history(c.tenantId(), jobs.findByExternalId(c.tenantId(), c.id(), externalId).orElseThrow().id());
    }

    /** A base64 webhook secret the in-memory provider's signing scheme accepts. */
    static final class InMemoryJobProviderSecret {
        static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0";
    }

    /** A clock a test moves by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Jobtower's own limiter said not now (the vendor was not asked). */
    static final class Refused extends CallRefused {
        Refused() {
            super("refused by Jobtower's own limiter");
        }
    }

    /**
     * A vendor a test scripts: jobs in a map, optional client-chosen ids, the next enqueue's answer or
     * failure, a failure for every read; webhooks signed as {@link InMemoryJobProvider} signs them.
     */
    static final class ScriptedVendor implements JobProvider {
        private final Provider provider;
        private final InMemoryJobProvider webhooks;
        final Map<String, VendorJob> jobs = new ConcurrentHashMap<>();
        final List<String> calls = new ArrayList<>();
        boolean preassigns;
        Supplier<RuntimeException> enqueueFailure;
        Supplier<EnqueueOutcome> enqueueAnswer;
        Supplier<RuntimeException> readFailure;
        Runnable duringEnqueue = () -> {
        };
        TrackOutcome trackAnswer;
        DiscoveryScope lastScope;
        AccountInfo account = AccountInfo.none();

        ScriptedVendor(Provider provider) {
            this.provider = provider;
            this.webhooks = new InMemoryJobProvider(provider);
        }

        VendorJob put(String externalId, JobStatus status) {
            VendorJob job = VendorJob.builder(externalId).type("sync").status(status)
                    .vendorStatus(status.name().toLowerCase()).createdAt(T0).rawPayload("{\"id\":\"" + externalId + "\"}")
                    .build();
            jobs.put(externalId, job);
            return job;
        }

        @Override
        public Provider provider() {
            return provider;
        }

        @Override
        public synchronized VendorJob fetch(ProviderAccount account, String externalId) {
            calls.add("fetch " + externalId);
            if (readFailure != null) {
                throw readFailure.get();
            }
            VendorJob job = jobs.get(externalId);
            if (job == null) {
                throw new VendorNotFound(externalId);
            }
            return job;
        }

        @Override
        public TrackOutcome track(ProviderAccount account, String externalId) {
            if (trackAnswer != null) {
                calls.add("track " + externalId);
                return trackAnswer;
            }
            return JobProvider.super.track(account, externalId);
        }

        @Override
        public void validateEnqueue(EnqueueRequest request) {
            webhooks.validateEnqueue(request);
        }

        @Override
        public Optional<String> preassignExternalId(EnqueueRequest request) {
            return preassigns ? Optional.of("pre-" + UUID.randomUUID()) : Optional.empty();
        }

        @Override
        public synchronized EnqueueOutcome enqueue(ProviderAccount account, EnqueueRequest request, Optional<String> preassignedId) {
            calls.add("enqueue " + request.type());
            duringEnqueue.run();
            if (enqueueFailure != null) {
                throw enqueueFailure.get();
            }
            if (enqueueAnswer != null) {
                return enqueueAnswer.get();
            }
            String id = preassignedId.orElseGet(() -> "v-" + UUID.randomUUID());
            VendorJob job = VendorJob.builder(id).type(request.type()).status(JobStatus.QUEUED).vendorStatus("queued")
                    .rawPayload("{\"id\":\"" + id + "\"}").build();
            jobs.put(id, job);
            return EnqueueOutcome.created(job, null);
        }

        @Override
        public synchronized List<VendorJob> discover(ProviderAccount account, DiscoveryScope scope) {
            calls.add("discover");
            lastScope = scope;
            if (readFailure != null) {
                throw readFailure.get();
            }
            return List.copyOf(jobs.values());
        }

        @Override
        public synchronized AccountInfo introspect(ProviderAccount account) {
            calls.add("introspect");
            if (readFailure != null) {
                throw readFailure.get();
            }
            return this.account;
        }

        @Override
        public void validateWebhookSecret(String secret) {
            webhooks.validateWebhookSecret(secret);
        }

        @Override
        public WebhookSignal readWebhook(WebhookDelivery delivery, String secret, Instant now) {
            return webhooks.readWebhook(delivery, secret, now);
        }

        @Override
        public void screenWebhook(WebhookDelivery delivery) {
            webhooks.screenWebhook(delivery);
        }
    }
}
