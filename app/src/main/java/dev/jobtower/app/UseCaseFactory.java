package dev.jobtower.app;

import dev.jobtower.app.connections.ConnectionCap;
import dev.jobtower.app.connections.ConnectionLifecycle;
import dev.jobtower.app.sync.Providers;
import dev.jobtower.app.webhooks.WebhookInbox;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.query.JobStore;
import dev.jobtower.domain.tracking.ConnectingAccount;
import dev.jobtower.domain.tracking.DeletingConnection;
import dev.jobtower.domain.tracking.DiscoveringJobs;
import dev.jobtower.domain.tracking.IntrospectingAccount;
import dev.jobtower.domain.tracking.EnqueueingJob;
import dev.jobtower.domain.tracking.GettingJob;
import dev.jobtower.domain.tracking.IngestingWebhook;
import dev.jobtower.domain.tracking.JobHistory;
import dev.jobtower.domain.tracking.JobStatistics;
import dev.jobtower.domain.tracking.ListingConnections;
import dev.jobtower.domain.tracking.ListingJobs;
import dev.jobtower.domain.tracking.PollingJob;
import dev.jobtower.domain.tracking.RefreshingJob;
import dev.jobtower.domain.tracking.RotatingCredentials;
import dev.jobtower.domain.tracking.TrackingJob;
import io.micronaut.context.annotation.Factory;
import dev.jobtower.app.settings.DiscoverySettings;
import dev.jobtower.app.settings.EnqueueSettings;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Builds the domain's use cases (plain classes, one per activity, no framework annotation) from the
 * app's adapters of their ports. Controllers, the poller, the webhook processor and the demo traffic
 * depend on these, never on a store or a vendor adapter directly (HexagonRulesTest).
 */
@Factory
public class UseCaseFactory {
    @Singleton
    public EnqueueingJob enqueueingJob(JobStore jobs, ConnectionStore connections, Providers providers, Clock clock) {
        return new EnqueueingJob(jobs, connections, providers, clock);
    }

    @Singleton
    public TrackingJob trackingJob(JobStore jobs, ConnectionStore connections, Providers providers, Clock clock) {
        return new TrackingJob(jobs, connections, providers, clock);
    }

    @Singleton
    public RefreshingJob refreshingJob(JobStore jobs, ConnectionStore connections, Providers providers, Clock clock) {
        return new RefreshingJob(jobs, connections, providers, clock);
    }

    @Singleton
    public PollingJob pollingJob(JobStore jobs, ConnectionStore connections, Providers providers, Clock clock,
                                 EnqueueSettings enqueue) {
        return new PollingJob(jobs, connections, providers, clock, enqueue.unconfirmedGrace());
    }

    @Singleton
    public IngestingWebhook ingestingWebhook(JobStore jobs, ConnectionStore connections, Providers providers,
                                             WebhookInbox inbox, Clock clock,
                                             EnqueueSettings enqueue, dev.jobtower.app.webhooks.WebhookReadGate readGate) {
        // the processing's vendor reads take their connection's calls one by one (WebhookReadGate)
        return new IngestingWebhook(jobs, connections, readGate.over(providers), inbox::store, clock, enqueue.unconfirmedGrace());
    }

    @Singleton
    public DiscoveringJobs discoveringJobs(JobStore jobs, ConnectionStore connections, Providers providers, Clock clock,
                                           DiscoverySettings discovery) {
        return new DiscoveringJobs(jobs, connections, providers, clock, discovery.lookback(), discovery.maxJobs());
    }

    @Singleton
    public IntrospectingAccount introspectingAccount(ConnectionStore connections, Providers providers) {
        return new IntrospectingAccount(connections, providers);
    }

    @Singleton
    public ListingJobs listingJobs(JobStore jobs) {
        return new ListingJobs(jobs);
    }

    @Singleton
    public GettingJob gettingJob(JobStore jobs) {
        return new GettingJob(jobs);
    }

    @Singleton
    public JobStatistics jobStatistics(JobStore jobs) {
        return new JobStatistics(jobs);
    }

    @Singleton
    public JobHistory jobHistory(JobStore jobs) {
        return new JobHistory(jobs);
    }

    @Singleton
    public ConnectingAccount connectingAccount(ConnectionCap cap, Providers providers, ConnectionLifecycle lifecycle,
                                               Clock clock) {
        return new ConnectingAccount(cap::create, providers, lifecycle::connected, clock);
    }

    @Singleton
    public RotatingCredentials rotatingCredentials(ConnectionStore connections, Providers providers,
                                                   ConnectionLifecycle lifecycle) {
        return new RotatingCredentials(connections, providers, lifecycle::connected);
    }

    @Singleton
    public DeletingConnection deletingConnection(ConnectionStore connections) {
        return new DeletingConnection(connections);
    }

    @Singleton
    public ListingConnections listingConnections(ConnectionStore connections) {
        return new ListingConnections(connections);
    }
}
