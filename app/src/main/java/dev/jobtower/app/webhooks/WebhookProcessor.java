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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        // a connection's deliveries under this instance's leases: its tasks and as many queued (claimed half of
        // that at a time), so a crash leaves no more waiting for their lease than before the tasks were split
        this.lookahead = Math.max(1, this.perConnection / 2);
        this.lanes = new ConnectionLanes(executor, parallelism, this.perConnection, this.perConnection);
    }

    /** Processes the inbox soon, on a worker thread. */
    public void kick() {
        if (stopped || !async) {
            return;
        }
        again.set(true);
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drainLoop);
        }
    }

    private void drainLoop() {
        try {
            while (again.getAndSet(false) && !stopped) {
                // claims go on while deliveries are due, each as soon as the threads are about to run out of work;
                // connections with enough work in hand are left out of claims until one of them moves on
                while (!stopped && lanes.awaitRoom(1000)) {
                    if (drainOnce() == batch) {
                        continue; // a full batch: there may be more
                    }
                    if (lanes.busy(lookahead).isEmpty()) {
                        break; // everything due was claimed
                    }
                    lanes.awaitFinished(1000);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Webhook inbox processing failed: {}", e.getClass().getSimpleName());
        } finally {
            running.set(false);
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
        // only what is about to be read is claimed (a connection's share in flight and as much again queued),
        // so an instance that dies leaves little under its leases
        List<WebhookInbox.Entry> entries = async
                ? inbox.claim(batch, lease, lanes.busy(lookahead), lookahead)
                : inbox.claim(batch, lease);
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
        answered.add(read);
        while (!answered.isEmpty() && settling.tryLock()) {
            try {
                List<WebhookInbox.Answered> reads = new ArrayList<>();
                for (WebhookInbox.Answered next; reads.size() < SETTLE_BATCH && (next = answered.poll()) != null; ) {
                    reads.add(next);
                }
                inbox.doneWithEarlier(reads);
            } catch (RuntimeException e) {
                LOG.warn("Webhook deliveries could not be settled (read again once their lease ends): {}",
                        e.getClass().getSimpleName());
            } finally {
                settling.unlock();
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
