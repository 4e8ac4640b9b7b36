package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.provider.ProviderAccount;
import dev.jobtower.domain.query.JobStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Polls one due job: reads it from the vendor and stores the copy (history source {@code poll}). The
 * poller decides which jobs are due and what a failure does to their schedule; this decides what one
 * read does to the job (see {@link JobRereads}).
 */
public final class PollingJob {
    private final ConnectionStore connections;
    private final JobRereads rereads;

    /**
     * @param unconfirmedGrace how long a job stored before its (in-doubt) create call may be unknown to
     *                         the vendor before it is settled as failed
     */
    public PollingJob(JobStore jobs, ConnectionStore connections, ProviderDirectory providers, Clock clock,
                      Duration unconfirmedGrace) {
        this.connections = connections;
        this.rereads = new JobRereads(jobs, connections, providers, clock, unconfirmedGrace);
    }

    /** The live connection a due job belongs to; empty once it was deleted (its jobs are no longer polled). */
    public Optional<Connection> connection(ConnectionId id) {
        return connections.findForWebhook(id);
    }

    /**
     * @throws dev.jobtower.domain.provider.CallRefused when Jobtower's own limits refused the call (not stale)
     * @throws dev.jobtower.domain.provider.ProviderException when the read failed (the job is marked stale)
     */
    public void poll(Connection connection, String externalId) {
        rereads.reread(connection, externalId, Source.POLL);
    }

    /**
     * A live connection with the account its vendor calls are made with, looked up together once for a batch
     * of its due jobs (not once per job: a claim holds many jobs of few connections).
     */
    public record Target(Connection connection, ProviderAccount account) {
    }

    /** The live connection a due job belongs to, with its account; empty once it was deleted. */
    public Optional<Target> target(ConnectionId id) {
        return connection(id).flatMap(c -> connections.secrets(id)
                .map(s -> new Target(c, new ProviderAccount(c.id(), s.token(), c.vendorConnectionId()))));
    }

    /** {@link #poll(Connection, String)} with the account already looked up ({@link #target}). */
    public void poll(Target target, String externalId) {
        rereads.reread(target.connection(), target.account(), externalId, Source.POLL);
    }
}
