package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionSecrets;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.provider.VendorNotFound;
import dev.jobtower.domain.provider.WebhookDelivery;
import dev.jobtower.domain.provider.WebhookRejected;
import dev.jobtower.domain.provider.WebhookRouting;
import dev.jobtower.domain.provider.WebhookSignal;
import dev.jobtower.domain.query.JobStore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A vendor webhook, in two steps. {@link #receive}: authenticated by the vendor's own scheme against
 * the connection its URL names, then stored once in the inbox (a vendor's retry is a duplicate).
 * {@link #apply}: later, off the request, the jobs it names are re-read (history source {@code webhook})
 * on the connection it is for. A webhook never sets a status itself.
 */
public final class IngestingWebhook {
    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final ReceivedWebhooks inbox;
    private final JobRereads rereads;
    private final Clock clock;

    public IngestingWebhook(JobStore jobs, ConnectionStore connections, ProviderDirectory providers,
                            ReceivedWebhooks inbox, Clock clock, Duration unconfirmedGrace) {
        this.connections = connections;
        this.providers = providers;
        this.inbox = inbox;
        this.clock = clock;
        this.rereads = new JobRereads(jobs, connections, providers, clock, unconfirmedGrace);
    }

    /**
     * What became of a delivery: refused ({@code rejection} says why, for the log only: the vendor is
     * told 401 and nothing is stored), or stored ({@code fresh} false for a duplicate).
     */
    public record Receipt(String rejection, WebhookSignal signal, boolean fresh) {
        static Receipt rejected(String why) {
            return new Receipt(why, null, false);
        }

        public boolean accepted() {
            return rejection == null;
        }

        /** Fresh work for the processor: stored now, and names jobs to re-read. */
        public boolean actionable() {
            return fresh && signal.disposition() == WebhookSignal.Disposition.ACTIONABLE;
        }
    }

    /**
     * Authenticates and stores one delivery posted to {@code /webhooks/{provider}/{connectionId}}. What the
     * request's shape alone refuses costs no look-up; an unknown, deleted or other provider's connection is
     * refused like a bad signature.
     */
    public Receipt receive(Provider provider, String connectionId, WebhookDelivery delivery) {
        Optional<ConnectionId> id = parse(connectionId);
        if (id.isEmpty()) {
            return Receipt.rejected("not a connection id");
        }
        JobProvider vendor = providers.of(provider);
        try {
            vendor.screenWebhook(delivery);
        } catch (WebhookRejected e) {
            return Receipt.rejected(e.getMessage());
        }
        Optional<ConnectionStore.WithSecrets> found = id.flatMap(connections::findForWebhookWithSecrets)
                .filter(c -> c.connection().provider().equals(provider));
        if (found.isEmpty()) {
            return Receipt.rejected("unknown or deleted connection");
        }
        Optional<Connection> connection = Optional.of(found.get().connection());
        String secret = found.get().secrets().webhookSecret();
        WebhookSignal signal;
        try {
            signal = vendor.readWebhook(delivery, secret, clock.instant());
        } catch (WebhookRejected e) {
            return Receipt.rejected(e.getMessage());
        }
        return new Receipt(null, signal, inbox.store(connection.get().id(), provider, signal));
    }

    /** What applying a stored delivery did. */
    public record Applied(boolean connectionDeleted, int unknownJobs) {
    }

    /**
     * Re-reads the jobs a stored delivery names.
     *
     * @throws dev.jobtower.domain.provider.CallRefused when Jobtower's own limits refused a read (try again soon)
     * @throws RuntimeException when a read failed (the job is marked stale; the delivery is retried)
     */
    public Applied apply(ConnectionId pathConnection, WebhookSignal signal) {
        return apply(pathConnection, signal.vendorConnectionId(), signal.jobsToReread());
    }

    /** {@link #apply(ConnectionId, WebhookSignal)} with the stored parts of a signal. */
    public Applied apply(ConnectionId pathConnection, String vendorConnectionId, List<String> jobsToReread) {
        return apply(targets(pathConnection, vendorConnectionId), jobsToReread);
    }

    /**
     * The connections the deliveries posted to {@code pathConnection} that name {@code vendorConnectionId} are
     * for ({@link #targets(Connection, String)}); none, with {@code connectionDeleted}, when the path's
     * connection is gone; with each connection's vendor account. Deliveries processed together look this up
     * once (three look-ups fewer per read).
     */
    public record Targets(boolean connectionDeleted, List<Connection> connections, List<ProviderAccount> accounts) {
        public Targets {
            connections = List.copyOf(connections);
            accounts = List.copyOf(accounts);
        }
    }

    /** Looks up where deliveries to {@code pathConnection} naming {@code vendorConnectionId} go. */
    public Targets targets(ConnectionId pathConnection, String vendorConnectionId) {
        Optional<Connection> path = connections.findForWebhook(pathConnection);
        if (path.isEmpty()) {
            return new Targets(true, List.of(), List.of());
        }
        List<Connection> to = targets(path.get(), vendorConnectionId);
        return new Targets(false, to, to.stream().map(c -> VendorAccounts.of(connections, c)).toList());
    }

    /** {@link #apply(ConnectionId, String, List)} with the targets already looked up. */
    public Applied apply(Targets targets, List<String> jobsToReread) {
        if (targets.connectionDeleted()) {
            return new Applied(true, 0); // deleted since: nothing to apply it to
        }
        int unknown = 0;
        for (int i = 0; i < targets.connections().size(); i++) {
            Connection target = targets.connections().get(i);
            for (String externalId : jobsToReread) {
                try {
                    rereads.reread(target, targets.accounts().get(i), externalId, Source.WEBHOOK);
                } catch (VendorNotFound e) {
                    unknown++;
                }
            }
        }
        return new Applied(false, unknown);
    }

    /**
     * Where the event goes, by the provider's {@link WebhookRouting}: the path's connection, or (a vendor that
     * registers one webhook per application, such as Finch) the tenant's connections of that provider whose
     * vendor id is the payload's; to the path's connection when the payload names none, or when that
     * connection's vendor id is not known yet.
     */
    private List<Connection> targets(Connection path, String vendorConnectionId) {
        if (vendorConnectionId == null
                || providers.webhookRouting(path.provider()) != WebhookRouting.VENDOR_CONNECTION_ID) {
            return List.of(path);
        }
        List<Connection> matches = connections.findByVendorConnectionId(path.tenantId(), path.provider(), vendorConnectionId);
        if (!matches.isEmpty()) {
            return matches;
        }
        return path.vendorConnectionId() == null ? List.of(path) : List.of();
    }

    private static Optional<ConnectionId> parse(String text) {
        try {
            return Optional.of(new ConnectionId(UUID.fromString(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
