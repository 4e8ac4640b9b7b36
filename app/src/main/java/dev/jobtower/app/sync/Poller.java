package dev.jobtower.app.sync;

import dev.jobtower.domain.provider.CallRefused;
import dev.jobtower.app.WorkExecutors;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.tracking.PollingJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutorService;

/**
 * Re-reads non-terminal jobs on their schedule: claims due jobs (tenants in turn, see {@link PollQueue}),
 * reads each connection's claimed jobs in at most {@code jobtower.poll.connection-parallelism} chains
 * (its share of the provider's threads) and different connections side by side, at most
 * {@code jobtower.poll.parallelism} chains at once. It never waits for a slow connection: a new
 * round starts as soon as a slot is free, so a vendor account that hangs holds back only its own jobs.
 * A failed read marks the job stale and doubles its backoff; a read Jobtower's own limiter or bulkhead
 * refused leaves the job due (again shortly) and not stale.
 */
@Singleton
@Requires(property = "jobtower.poll.enabled", notEquals = "false")
public class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final PollQueue queue;
    private final PollSettings settings;
    private final PollingJob polling;
    private final ExecutorService executor;
    private final MeterRegistry meters;
    private final Semaphore slots;
    private final int perConnection;
    private final java.time.Clock clock;
    private volatile boolean stopped;

    public Poller(PollQueue queue, PollSettings settings, PollingJob polling,
                  @Named(WorkExecutors.POLLER) ExecutorService executor, MeterRegistry meters,
                  @io.micronaut.context.annotation.Value("${jobtower.poll.parallelism:16}") int parallelism,
                  @io.micronaut.context.annotation.Value("${jobtower.poll.connection-parallelism:4}") int perConnection,
                  java.time.Clock clock) {
        this.perConnection = Math.max(1, perConnection);
        this.clock = clock;
        this.queue = queue;
        this.settings = settings;
        this.polling = polling;
        this.executor = executor;
        this.meters = meters;
        this.slots = new Semaphore(Math.max(1, parallelism));
    }

    @Scheduled(fixedDelay = "${jobtower.poll.tick:1s}", initialDelay = "${jobtower.poll.initial-delay:3s}")
    synchronized void tick() {
        try {
            while (!stopped && round() == settings.batch()) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            LOG.warn("Poll round failed: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Claims one batch and starts reading it, each chain of a connection's jobs as one task (one slot); a job
     * that waited in its chain has its lease renewed before it is read (and is not read when it lost it). Waits only for a free slot, never
     * for the reads. Returns how many jobs it claimed (none when no slot is free).
     */
    public int round() {
        if (slots.availablePermits() == 0) {
            return 0;
        }
        java.time.Instant leaseEnds = clock.instant().plus(settings.lease());
        List<PollQueue.Claim> claims = queue.claim(settings.batch());
        Map<ConnectionId, List<PollQueue.Claim>> byConnection = new LinkedHashMap<>();
        for (PollQueue.Claim claim : claims) {
            byConnection.computeIfAbsent(claim.connectionId(), c -> new ArrayList<>()).add(claim);
        }
        for (Map.Entry<ConnectionId, List<PollQueue.Claim>> group : byConnection.entrySet()) {
            Optional<Connection> connection = polling.connection(group.getKey());
            if (connection.isEmpty()) {
                group.getValue().forEach(claim -> queue.forget(claim.id()));
                continue;
            }
            // a connection's jobs in at most perConnection chains (its share of the provider's threads)
            List<List<PollQueue.Claim>> chains = new ArrayList<>();
            for (int i = 0; i < group.getValue().size(); i++) {
                if (chains.size() < perConnection) {
                    chains.add(new ArrayList<>());
                }
                chains.get(i % perConnection).add(group.getValue().get(i));
            }
            for (List<PollQueue.Claim> chain : chains) {
                slots.acquireUninterruptibly();
                try {
                    executor.execute(() -> {
                        try {
                            for (PollQueue.Claim claim : chain) {
                                if (stopped) {
                                    break; // shutting down: the leases end and another instance reads them
                                }
                                try {
                                    // a claim that waited a quarter of its lease in its chain is renewed first; one
                                    // whose lease already ended may be another instance's now, and is not read
                                    boolean fresh = clock.instant().isBefore(leaseEnds.minus(settings.lease().multipliedBy(3).dividedBy(4)));
                                    if (fresh || queue.renew(claim.id())) {
                                        read(connection.get(), claim);
                                    }
                                } catch (RuntimeException e) {
                                    // e.g. the database went away while recording the outcome: the lease ends, it is read again
                                    LOG.warn("Poll of a job could not be completed: {}", e.getClass().getSimpleName());
                                }
                            }
                        } finally {
                            slots.release();
                        }
                    });
                } catch (RuntimeException e) {
                    slots.release();
                    throw e;
                }
            }
        }
        return claims.size();
    }

    private void read(Connection connection, PollQueue.Claim claim) {
        try {
            polling.poll(connection, claim.externalId());
            queue.release(claim.id());
            meters.counter("jobtower.poll.reads", "provider", connection.provider().wireName(), "outcome", "success").increment();
        } catch (CallRefused e) {
            // Jobtower's own limiter or a full bulkhead: not read now, not known to be wrong; due again shortly
            queue.postpone(claim.id());
            meters.counter("jobtower.poll.reads", "provider", connection.provider().wireName(), "outcome", "refused").increment();
        } catch (RuntimeException e) {
            queue.failed(claim.id());
            meters.counter("jobtower.poll.reads", "provider", connection.provider().wireName(), "outcome", "failure").increment();
        }
    }

    /** Stops polling; waits for a round being claimed to finish (its reads go on on their own). */
    @PreDestroy
    synchronized void stop() {
        stopped = true;
    }
}
