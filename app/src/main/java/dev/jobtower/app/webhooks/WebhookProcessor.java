package dev.jobtower.app.webhooks;

import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.provider.CallRefused;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import dev.jobtower.app.WorkExecutors;
import dev.jobtower.domain.tracking.IngestingWebhook;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Works through the webhook inbox: each delivery names jobs to re-read. A failed re-read is retried
 * with backoff (the job is marked stale meanwhile); {@link WebhookSweep} picks up what a crashed
 * instance left, once its lease ends. With {@code jobtower.webhooks.async=false} nothing runs by itself
 * (tests drive {@link #drainOnce()}).
 */
@Singleton
public class WebhookProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookProcessor.class);

    private final WebhookInbox inbox;
    private final IngestingWebhook ingesting;
    private final ExecutorService executor;
    private final int batch;
    private final int maxAttempts;
    private final Duration lease;
    /** How soon a delivery given back (busy connection, refused call) comes again. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final Set<ConnectionId> busy = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final boolean async;
    private volatile boolean stopped;

    public WebhookProcessor(WebhookInbox inbox, IngestingWebhook ingesting,
                            @Named(WorkExecutors.WEBHOOKS) ExecutorService executor,
                            @Value("${jobtower.webhooks.batch:100}") int batch,
                            @Value("${jobtower.webhooks.max-attempts:20}") int maxAttempts,
                            @Value("${jobtower.webhooks.lease:60s}") Duration lease,
                            @Value("${jobtower.webhooks.async:true}") boolean async,
                            @Value("${jobtower.webhooks.parallelism:16}") int parallelism) {
        this.async = async;
        this.slots = new Semaphore(Math.max(1, parallelism));
        this.inbox = inbox;
        this.ingesting = ingesting;
        this.executor = executor;
        this.batch = batch;
        this.maxAttempts = maxAttempts;
        this.lease = lease;
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
                while (!stopped && drainOnce() == batch) {
                    // a full batch: there may be more
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Webhook inbox processing failed: {}", e.getClass().getSimpleName());
        } finally {
            running.set(false);
        }
    }

    /**
     * Claims one batch (tenants in turn) and processes it: each connection's deliveries in order, one
     * connection at a time per connection, connections side by side (at most {@code parallelism} at once).
     * The loop never waits for one slow connection: it waits only for a free slot, so a vendor account that
     * hangs delays its own deliveries, not another tenant's. Deliveries of a connection still busy with
     * earlier ones are given back (not counted as attempts) and come again shortly. With asynchronous
     * processing off (tests) the batch is processed before this returns. Returns how many it claimed.
     */
    public int drainOnce() {
        List<WebhookInbox.Entry> entries = inbox.claim(batch, lease);
        Map<ConnectionId, List<WebhookInbox.Entry>> byConnection = new LinkedHashMap<>();
        for (WebhookInbox.Entry entry : entries) {
            byConnection.computeIfAbsent(entry.connectionId(), c -> new ArrayList<>()).add(entry);
        }
        for (Map.Entry<ConnectionId, List<WebhookInbox.Entry>> group : byConnection.entrySet()) {
            if (!async) {
                group.getValue().forEach(this::process);
                continue;
            }
            if (!busy.add(group.getKey())) {
                group.getValue().forEach(e -> inbox.postpone(e, BUSY_RETRY));
                continue;
            }
            slots.acquireUninterruptibly();
            try {
                executor.execute(() -> {
                    try {
                        for (WebhookInbox.Entry entry : group.getValue()) {
                            if (stopped) {
                                break; // shutting down: the leases end and another instance processes them
                            }
                            try {
                                process(entry);
                            } catch (RuntimeException e) {
                                // the outcome could not be recorded (e.g. the database went away): processed again later
                                LOG.warn("Webhook {} could not be completed: {}", entry.eventId(), e.getClass().getSimpleName());
                            }
                        }
                    } finally {
                        busy.remove(group.getKey());
                        slots.release();
                    }
                });
            } catch (RuntimeException e) {
                busy.remove(group.getKey());
                slots.release();
                throw e;
            }
        }
        return entries.size();
    }

    private void process(WebhookInbox.Entry entry) {
        try {
            IngestingWebhook.Applied applied = ingesting.apply(entry.connectionId(),
                    entry.signal().vendorConnectionId(), entry.signal().jobsToReread());
            if (applied.unknownJobs() > 0) {
                LOG.info("Webhook {} names a job the vendor does not know; ignored", entry.eventId());
            }
            inbox.done(entry); // also when its connection was deleted since: nothing to apply it to
        } catch (CallRefused e) {
            inbox.postpone(entry, BUSY_RETRY); // not tried: Jobtower's own limiter or bulkhead said not now
        } catch (RuntimeException e) {
            if (entry.attempts() >= maxAttempts) {
                LOG.warn("Giving up on webhook {} after {} attempts ({})", entry.eventId(), entry.attempts(),
                        e.getClass().getSimpleName());
                inbox.done(entry);
            } else {
                long seconds = Math.min(600, 1L << Math.min(10, entry.attempts()));
                inbox.retryLater(entry, Duration.ofSeconds(seconds));
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
