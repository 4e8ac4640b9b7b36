package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.job.VendorJob;
import dev.jobtower.domain.provider.DiscoveryScope;
import dev.jobtower.domain.query.JobStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Scans a connection's vendor for jobs Jobtower does not follow yet (those created within the lookback,
 * and the runs of watched anon jobs, at most {@code maxJobs}) and stores them (history source
 * {@code discover}).
 */
public final class DiscoveringJobs {
    private final JobStore jobs;
    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final Clock clock;
    private final Duration lookback;
    private final int maxJobs;

    public DiscoveringJobs(JobStore jobs, ConnectionStore connections, ProviderDirectory providers, Clock clock,
                           Duration lookback, int maxJobs) {
        this.jobs = jobs;
        this.connections = connections;
        this.providers = providers;
        this.clock = clock;
        this.lookback = lookback;
        this.maxJobs = maxJobs;
    }

    /**
     * @return how many jobs were new
     * @throws dev.jobtower.domain.provider.ProviderException when the vendor list failed
     */
    public int discover(Connection connection) {
        Instant readStarted = clock.instant();
        DiscoveryScope scope = new DiscoveryScope(readStarted.minus(lookback), connections.watched(connection.id()), maxJobs);
        int found = 0;
        for (VendorJob copy : providers.of(connection.provider()).discover(VendorAccounts.of(connections, connection), scope)) {
            if (jobs.record(connection.tenantId(), connection.id(), connection.provider(), copy, Source.DISCOVER,
                    readStarted, true).created()) {
                found++;
            }
        }
        return found;
    }
}
