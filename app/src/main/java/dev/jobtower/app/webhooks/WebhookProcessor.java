package dev.jobtower.app.webhooks;

import dev.jobtower.app.WorkExecutors;
import dev.jobtower.app.sync.ConnectionLanes;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.provider.CallRefused;
import dev.jobtower.domain.tracking.IngestingWebhook;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Works through the webhook inbox: each delivery names jobs to re-read. Deliveries that name the same job
 * coalesce into one vendor read: those claimed together are settled by one read, and so are the ones still
 * waiting in the inbox that arrived before that read began (the read saw at least what they announce).
 * Different jobs are processed side by side in {@link ConnectionLanes} (at most {@code jobtower.webhooks.parallelism}
 * at once, {@code jobtower.webhooks.connection-tasks} per connection, of which {@code connection-parallelism}
 * in a vendor call: {@link WebhookReadGate}), one job's deliveries in order. The connections the deliveries of
 * one claim are for are looked up once for the claim.
 * A failed re-read is retried with backoff (the job is marked stale meanwhile); {@link WebhookSweep} picks up
 * what a crashed instance left, once its lease ends. With {@code jobtower.webhooks.async=false} nothing runs
 * by itself (tests drive {@link #drainOnce()}).
 */
@Singleton
public class WebhookProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookProcessor.class);
    /** How soon a delivery given back (busy connection, refused call) comes again. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final WebhookInbox inbox;
    private final IngestingWebhook ingesting;
    private final ExecutorService executor;
    private final ConnectionLanes lanes;
    private final int perConnection;
    private final int lookahead;
    private final Clock clock;
    private final int batch;
    private final int maxAttempts;
    private final Duration lease;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Reads done, their deliveries not settled yet ({@link #settle}). */
    private final ConcurrentLinkedQueue<WebhookInbox.Answered> answered = new ConcurrentLinkedQueue<>();
    private final ReentrantLock settling = new ReentrantLock();
    private static final int SETTLE_BATCH = 200;
    private final AtomicBoolean again = new AtomicBoolean();
    private final boolean async;
    private volatile boolean stopped;
    /** The most deliveries of one connection this instance holds (processing and queued): its tasks and {@link #lookahead} more. */
    private final int budget;
    /** Wakes the drain loop while it waits for room: tasks finished and kicks counted (guarded by itself). */
    private final Object wake = new Object();
    private long finishes;
    private long kicks;
    private boolean swept;
    /** Reads done and not settled yet, per connection: still under this instance's lease, so still in hand. */
    private final Map<ConnectionId, Integer> unsettled = new ConcurrentHashMap<>();
    /** Connections a delivery was stored for since the last claim began. */
    private final Set<ConnectionId> wanted = ConcurrentHashMap.newKeySet();
    /** How long the drain loop waits for a wake-up before it looks again anyway (a bound, not the pace). */
    private static final long WAIT_BOUND_MILLIS = 1000;

    public WebhookProcessor(WebhookInbox inbox, IngestingWebhook ingesting,
                            @Named(WorkExecutors.WEBHOOKS) ExecutorService executor, Clock clock,
                            dev.jobtower.app.settings.WebhookInboxSettings settings) {
        int batch = settings.batch();
        int maxAttempts = settings.maxAttempts();
        Duration lease = settings.lease();
        boolean async = settings.async();
        int parallelism = settings.parallelism();
        int perConnection = settings.connectionParallelism();
        int connectionTasks = settings.connectionTasks();
        this.async = async;
        this.inbox = inbox;
        this.ingesting = ingesting;
        this.executor = executor;
        this.clock = clock;
        this.batch = batch;
        this.maxAttempts = maxAttempts;
        this.lease = lease;
        // a delivery holds one of its connection's tasks for its read and store, one of its connection's
        // vendor calls (WebhookReadGate, connection-parallelism) only for the read
        this.perConnection = Math.max(Math.max(1, perConnection), connectionTasks);
        // a connection's deliveries under this instance's leases: its tasks and half as many queued, refilled
        // when that half has started (so a claim takes several at once, and a crash leaves few waiting for their lease)
        this.lookahead = Math.max(1, this.perConnection / 2);
        this.budget = this.perConnection + this.lookahead;
        this.lanes = new ConnectionLanes(executor, parallelism, this.perConnection, this.budget, this::finished);
    }

    /** Processes the inbox soon, on a worker thread (the sweep: deliveries due again, or left by another instance). */
    public void kick() {
        kick(null);
    }

    /**
     * Processes the inbox soon: a delivery for {@code connection} was stored. A drain loop that is waiting for
     * room claims at once when that connection has room for a claim's worth (else its own tasks finishing wake
     * the loop: it is not woken for every delivery while the connection has enough in hand).
     */
    public void kick(ConnectionId connection) {
        if (stopped || !async) {
            return;
        }
        again.set(true);
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drainLoop);
            return;
        }
        if (connection != null) {
            wanted.add(connection);
        }
        synchronized (wake) {
            if (connection == null) {
                swept = true;
            }
            kicks++;
            wake.notifyAll();
        }
    }

    /** A task ended and gave back its slot (called by the lanes, no lock held). */
    private void finished() {
        synchronized (wake) {
            finishes++;
            wake.notifyAll();
        }
    }

    private long finishes() {
        synchronized (wake) {
            return finishes;
        }
    }

    private void drainLoop() {
        try {
            do {
                while (!stopped) {
                    if (!lanes.awaitRoom(WAIT_BOUND_MILLIS)) {
                        continue; // every slot has work waiting for it: look again
                    }
                    again.set(false);
                    wanted.clear();
                    long seen = finishes();
                    long kicked;
                    synchronized (wake) {
                        kicked = kicks;
                        swept = false;
                    }
                    Round round = claimRound();
                    if (round.batchFull()) {
                        continue; // a full batch: there may be more
                    }
                    if (round.full().isEmpty()) {
                        break; // every connection with deliveries due got them all
                    }
                    awaitRoomFor(round.full(), seen, kicked);
                }
                running.set(false);
                // a kick that came while the loop was ending: claim again (unless another loop has started)
            } while (again.get() && !stopped && running.compareAndSet(false, true));
        } catch (RuntimeException e) {
            running.set(false);
            LOG.warn("Webhook inbox processing failed: {}", e.getClass().getSimpleName());
        }
    }

    /** What one claim did: whether it took a full batch, the connections it left with no room for more. */
    private record Round(int claimed, boolean batchFull, Set<ConnectionId> full) {
    }

    /**
     * Waits until one of the {@code full} connections has room for a claim's worth ({@link #lookahead}), or a
     * delivery came for a connection with room, or the sweep asked (at most {@link #WAIT_BOUND_MILLIS} at a time):
     * woken by each task that finishes, not by a timer.
     */
    private void awaitRoomFor(Set<ConnectionId> full, long seenFinishes, long seenKicks) {
        while (!stopped) {
            synchronized (wake) {
                long end = System.currentTimeMillis() + WAIT_BOUND_MILLIS;
                while (!stopped && finishes == seenFinishes && kicks == seenKicks && !swept) {
                    long left = end - System.currentTimeMillis();
                    if (left <= 0) {
                        return;
                    }
                    try {
                        wake.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (swept) {
                    return;
                }
                seenFinishes = finishes;
                seenKicks = kicks;
            }
            Map<ConnectionId, Integer> inHand = inHand();
            for (ConnectionId connection : full) {
                if (budget - inHand.getOrDefault(connection, 0) >= lookahead) {
                    return; // a claim's worth of room
                }
            }
            for (ConnectionId connection : wanted) {
                if (budget - inHand.getOrDefault(connection, 0) >= lookahead) {
                    return; // a delivery came for a connection with room (another tenant's, say)
                }
            }
        }
    }

    /** The deliveries of one claim that name the same jobs at one connection: settled by one read of each. */
    private record Group(ConnectionId connectionId, String vendorConnectionId, List<String> jobs) {
    }

    /**
     * Claims one batch (tenants in turn) and hands it to the lanes: deliveries naming the same jobs as one
     * group (one read), each group after the earlier ones of the same jobs. The loop never waits for one slow
     * connection: a vendor account that hangs delays its own deliveries, not another tenant's; past its
     * queue they are given back (not counted as attempts) and come again shortly. With asynchronous
     * processing off (tests) the batch is processed before this returns. Returns how many it claimed.
     */
    public int drainOnce() {
        return async ? claimRound().claimed() : hand(inbox.claim(batch, lease));
    }

    /**
     * One claim of what the lanes can start soon: of each connection at most its room (its {@link #budget} less
     * what it has in hand), none of a connection with no room, so a lease is never taken by a delivery that
     * would wait behind more than a connection's queue.
     */
    private Round claimRound() {
        Map<ConnectionId, Integer> inHand = inHand();
        Map<ConnectionId, Integer> rooms = new HashMap<>();
        Set<ConnectionId> full = new HashSet<>();
        inHand.forEach((connection, n) -> {
            rooms.put(connection, budget - n);
            if (budget - n <= 0) {
                full.add(connection); // nothing claimed for it: whether it has more due is not known
            }
        });
        List<WebhookInbox.Entry> entries = inbox.claim(batch, lease, rooms, budget);
        Map<ConnectionId, Integer> claimed = new HashMap<>();
        for (WebhookInbox.Entry entry : entries) {
            claimed.merge(entry.connectionId(), 1, Integer::sum);
        }
        claimed.forEach((connection, n) -> {
            if (n >= rooms.getOrDefault(connection, budget)) {
                full.add(connection); // all its room taken: there may be more due
            }
        });
        hand(entries);
        return new Round(entries.size(), entries.size() >= batch, full);
    }

    /** Each connection's reads under this instance's leases: running or queued in the lanes, or read and not settled. */
    private Map<ConnectionId, Integer> inHand() {
        Map<ConnectionId, Integer> inHand = lanes.inHand();
        unsettled.forEach((connection, n) -> inHand.merge(connection, n, Integer::sum));
        return inHand;
    }

    /** Hands claimed deliveries to the lanes (or, with asynchronous processing off, processes them now). */
    private int hand(List<WebhookInbox.Entry> entries) {
        Map<Group, List<WebhookInbox.Entry>> groups = new LinkedHashMap<>();
        // where the deliveries of one connection naming one vendor connection go: looked up once for the claim
        Map<Route, IngestingWebhook.Targets> targets = new ConcurrentHashMap<>();
        for (WebhookInbox.Entry entry : entries) {
            groups.computeIfAbsent(new Group(entry.connectionId(), entry.signal().vendorConnectionId(),
                    List.copyOf(entry.signal().jobsToReread())), g -> new ArrayList<>()).add(entry);
        }
        for (Map.Entry<Group, List<WebhookInbox.Entry>> group : groups.entrySet()) {
            Runnable work = () -> {
                if (!stopped) { // shutting down: the leases end and another instance processes them
                    process(group.getKey(), group.getValue(), targets);
                }
            };
            if (!async) {
                work.run();
            } else if (!lanes.offer(group.getKey().connectionId(), group.getKey(), work)) {
                inbox.postpone(group.getValue(), BUSY_RETRY);
            }
        }
        return entries.size();
    }

    /** A connection and the vendor connection its deliveries name. */
    private record Route(ConnectionId connectionId, String vendorConnectionId) {
    }

    private void process(Group group, List<WebhookInbox.Entry> entries, Map<Route, IngestingWebhook.Targets> targets) {
        try {
            Instant readStarted = clock.instant();
            IngestingWebhook.Targets to = targets.computeIfAbsent(new Route(group.connectionId(), group.vendorConnectionId()),
                    r -> ingesting.targets(r.connectionId(), r.vendorConnectionId()));
            IngestingWebhook.Applied applied = ingesting.apply(to, group.jobs());
            if (applied.unknownJobs() > 0) {
                LOG.info("Webhook {} names a job the vendor does not know; ignored", entries.get(0).eventId());
            }
            // with them (also when their connection was deleted since: nothing to apply them to), deliveries of the
            // same jobs still waiting that arrived before this read began: it answers them
            settle(new WebhookInbox.Answered(group.connectionId(), entries.stream().map(WebhookInbox.Entry::eventId).toList(),
                    WebhookInbox.jobKey(group.vendorConnectionId(), group.jobs()), readStarted));
        } catch (CallRefused e) {
            inbox.postpone(entries, BUSY_RETRY); // not tried: Jobtower's own limiter or bulkhead said not now
        } catch (RuntimeException e) {
            for (WebhookInbox.Entry entry : entries) {
                try {
                    if (entry.attempts() >= maxAttempts) {
                        LOG.warn("Giving up on webhook {} after {} attempts ({})", entry.eventId(), entry.attempts(),
                                e.getClass().getSimpleName());
                        inbox.done(entry);
                    } else {
                        long seconds = Math.min(600, 1L << Math.min(10, entry.attempts()));
                        inbox.retryLater(entry, Duration.ofSeconds(seconds));
                    }
                } catch (RuntimeException recording) {
                    // the outcome could not be recorded (e.g. the database went away): processed again later
                    LOG.warn("Webhook {} could not be completed: {}", entry.eventId(), recording.getClass().getSimpleName());
                }
            }
        }
    }

    /**
     * Settles a read's deliveries together with those of the reads that finished meanwhile: one statement and
     * one commit for all of them (whoever finds the queue unsettled and nobody settling does it). Not
     * settled (the database went away): their leases end and they are read again.
     */
    private void settle(WebhookInbox.Answered read) {
        unsettled.merge(read.connectionId(), 1, Integer::sum);
        answered.add(read);
        while (!answered.isEmpty() && settling.tryLock()) {
            List<WebhookInbox.Answered> reads = new ArrayList<>();
            try {
                for (WebhookInbox.Answered next; reads.size() < SETTLE_BATCH && (next = answered.poll()) != null; ) {
                    reads.add(next);
                }
                inbox.doneWithEarlier(reads);
            } catch (RuntimeException e) {
                LOG.warn("Webhook deliveries could not be settled (read again once their lease ends): {}",
                        e.getClass().getSimpleName());
            } finally {
                settling.unlock();
                for (WebhookInbox.Answered r : reads) {
                    unsettled.computeIfPresent(r.connectionId(), (c, n) -> n <= 1 ? null : n - 1);
                }
                if (!reads.isEmpty()) {
                    finished(); // their leases are given back: room for more
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
