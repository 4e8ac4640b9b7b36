package dev.jobtower.app.sync;

import dev.jobtower.domain.provider.CallRefused;
import dev.jobtower.app.db.GroupCommit;
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
import java.util.concurrent.ExecutorService;

/**
 * Re-reads non-terminal jobs on their schedule: claims due jobs (tenants in turn, see {@link PollQueue})
 * and reads them in {@link ConnectionLanes}: at most {@code jobtower.poll.parallelism} reads at once, at most
 * {@code jobtower.poll.connection-parallelism} of them for one connection (its share of the provider's
 * threads), connections taking turns for free threads. Claims go on as threads free up while jobs are due
 * (not one batch per tick), and never wait for a slow connection: a vendor account that hangs holds back
 * only its own jobs (past its queue they are put off, not read twice). The copies of reads finishing at the
 * same time are stored in one transaction ({@link GroupCommit}: fewer commits; a write that
 * fails in a group is retried alone, so it loses none of the others). Successful reads end their leases
 * together, in one statement per few dozen reads. A failed read marks the job stale and doubles its backoff;
 * a read Jobtower's own limiter or bulkhead refused leaves the job due (again shortly) and not stale.
 */
@Singleton
@Requires(property = "jobtower.poll.enabled", notEquals = "false")
public class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    /** Successful reads whose leases are ended together (one statement). */
    private static final int RELEASE_BATCH = 32;

    private final PollQueue queue;
    private final PollSettings settings;
    private final PollingJob polling;
    private final MeterRegistry meters;
    private final ConnectionLanes lanes;
    private final java.time.Clock clock;
    private final java.util.concurrent.ConcurrentLinkedQueue<dev.jobtower.domain.job.JobId> readDone =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger readDoneCount = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopped;
    /** Most a connection holds in this instance's lanes before the claims pass it over. */
    private final int lookahead;
    /** Reads finished so far (guarded by itself): the claim loop waits on it for room. */
    private final Object progress = new Object();
    private long finishes;

    public Poller(PollQueue queue, PollSettings settings, PollingJob polling,
                  @Named(WorkExecutors.POLLER) ExecutorService executor, MeterRegistry meters,
                  java.time.Clock clock) {
        int parallelism = settings.parallelism();
        int perConnection = settings.connectionParallelism();
        this.clock = clock;
        this.queue = queue;
        this.settings = settings;
        this.polling = polling;
        this.meters = meters;
        // what a connection may hold (running and queued) before a claim passes it over: its reads at once eight
        // times over, so it is never short of work between claims, and claims come once per half of that read
        this.lookahead = 8 * perConnection;
        // a connection's queue: past it (a claim never gives more than the room under lookahead) jobs are put off
        this.lanes = new ConnectionLanes(executor, parallelism, perConnection, Math.max(settings.batch(), lookahead),
                this::readFinished);
    }

    private void readFinished() {
        synchronized (progress) {
            finishes++;
            progress.notifyAll();
        }
    }

    @Scheduled(fixedDelay = "${jobtower.poll.tick:1s}", initialDelay = "${jobtower.poll.initial-delay:3s}")
    synchronized void tick() {
        try {
            releaseRead();
            // claims go on while jobs are due, each as soon as the threads are about to run out of work, and take
            // of each connection only its room (what it can start soon): none is claimed to be put off again
            while (!stopped && lanes.awaitRoom(1000)) {
                long seen = finishes();
                Map<ConnectionId, Integer> inHand = lanes.inHand();
                int claimed = round(inHand);
                if (claimed > 0) {
                    continue; // more may be due
                }
                boolean passedOver = inHand.values().stream().anyMatch(n -> n >= lookahead);
                if (!passedOver || !awaitReads(seen, 1000)) {
                    break; // nothing due (or nothing finished within a second): the next tick looks again
                }
            }
            releaseRead();
        } catch (RuntimeException e) {
            LOG.warn("Poll round failed: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Claims one batch and hands each job to its connection's lane; a job that waited there has its lease
     * renewed before it is read (and is not read when it lost it). Waits for nothing. Returns how many
     * jobs it claimed: of each connection at most what brings it to lookahead jobs in hand.
     */
    public int round() {
        return round(lanes.inHand());
    }

    private long finishes() {
        synchronized (progress) {
            return finishes;
        }
    }

    /**
     * Waits until this instance has finished half a lookahead of reads since {@code seen}: the connections passed
     * over have room again for a claim worth making. False when that did not happen in time.
     */
    private boolean awaitReads(long seen, long millis) {
        long end = System.currentTimeMillis() + millis;
        synchronized (progress) {
            while (finishes - seen < lookahead / 2 && !stopped) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !stopped;
        }
    }

    /** {@link #round()} with what each connection has in hand: it is given at most its room under lookahead. */
    private int round(Map<ConnectionId, Integer> inHand) {
        java.time.Instant leaseEnds = clock.instant().plus(settings.lease());
        Map<ConnectionId, Integer> rooms = new HashMap<>();
        inHand.forEach((connection, n) -> rooms.put(connection, lookahead - n));
        List<PollQueue.Claim> claims = queue.claim(settings.batch(), rooms, lookahead);
        // each connection and its account once per claim, not once per job
        Map<ConnectionId, Optional<PollingJob.Target>> found = new HashMap<>();
        for (PollQueue.Claim claim : claims) {
            Optional<PollingJob.Target> connection = found.computeIfAbsent(claim.connectionId(), polling::target);
            if (connection.isEmpty()) {
                queue.forget(claim.id());
                continue;
            }
            if (!lanes.offer(claim.connectionId(), claim.id(), () -> readClaimed(connection.get(), claim, leaseEnds))) {
                queue.postpone(claim.id()); // due again after refused-retry (PollSchedule): its connection has a full queue (a slow vendor)
            }
        }
        return claims.size();
    }

    private void readClaimed(PollingJob.Target connection, PollQueue.Claim claim, java.time.Instant leaseEnds) {
        if (stopped) {
            return; // shutting down: the leases end and another instance reads them
        }
        try {
            // a claim that waited a quarter of its lease is renewed first; one whose lease already ended may be
            // another instance's now, and is not read
            boolean fresh = clock.instant().isBefore(leaseEnds.minus(settings.lease().multipliedBy(3).dividedBy(4)));
            if (fresh || queue.renew(claim.id())) {
                read(connection, claim);
            }
            if (readDoneCount.get() >= RELEASE_BATCH || lanes.lastOne()) {
                releaseRead();
            }
        } catch (RuntimeException e) {
            // e.g. the database went away while recording the outcome: the lease ends, it is read again
            LOG.warn("Poll of a job could not be completed: {}", e.getClass().getSimpleName());
        }
    }

    private void read(PollingJob.Target target, PollQueue.Claim claim) {
        Connection connection = target.connection();
        try {
            // the copy is stored in a transaction shared with the reads finishing beside it (fewer commits)
            GroupCommit.grouped(() -> polling.poll(target, claim.externalId()));
            readDone.add(claim.id());
            readDoneCount.incrementAndGet();
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

    /** Ends the leases of the jobs read so far (the store already rescheduled them), in one statement. */
    private void releaseRead() {
        List<dev.jobtower.domain.job.JobId> ids = new ArrayList<>();
        for (dev.jobtower.domain.job.JobId id; (id = readDone.poll()) != null; ) {
            ids.add(id);
        }
        if (!ids.isEmpty()) {
            readDoneCount.addAndGet(-ids.size());
            queue.release(ids);
        }
    }

    /** Stops polling; waits for a round being claimed to finish (its reads go on on their own). */
    @PreDestroy
    void stop() {
        stopped = true;
        synchronized (this) {
            // the round being claimed has finished
        }
        try {
            releaseRead(); // the jobs read so far are free for other instances at once
        } catch (RuntimeException e) {
            LOG.debug("Leases not ended on stop (they run out): {}", e.getClass().getSimpleName());
        }
    }
}
