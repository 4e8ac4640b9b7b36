package dev.jobtower.app.notifications;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One round of delivery: claims due messages (each endpoint up to its free slots, so a slow or dead
 * endpoint only ever holds its own slots), sends them without waiting, and stores each attempt as its
 * answer comes. {@link WebhookWorker} runs rounds continuously; tests run them one at a time.
 */
@Singleton
public class WebhookDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookMessages messages;
    private final WebhookEndpointStore endpoints;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final MeterRegistry meters;
    private final RetrySchedule schedule = new RetrySchedule(() -> ThreadLocalRandom.current().nextDouble());
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Semaphore finished = new Semaphore(0);
    private static final int MAX_SUCCESS_BATCH = 500;
    private static final int LINGER_PERMITS = 16;
    private static final Duration LINGER = Duration.ofMillis(5);
    private final java.util.concurrent.ConcurrentLinkedQueue<PendingSuccess> successes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.ExecutorService recorder = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "webhook-recorder");
        t.setDaemon(true);
        return t;
    });

    public WebhookDispatcher(WebhookMessages messages, WebhookEndpointStore endpoints, WebhookSender sender,
                             WebhookSettings settings, MeterRegistry meters) {
        this.messages = messages;
        this.endpoints = endpoints;
        this.sender = sender;
        this.settings = settings;
        this.meters = meters;
    }

    /** Claims and sends one round; the future completes when every attempt of the round is stored. */
    public Round deliverDue() {
        Map<UUID, Integer> busy = new HashMap<>();
        inFlight.forEach((id, n) -> {
            if (n.get() > 0) {
                busy.put(id, n.get());
            }
        });
        List<WebhookMessages.Claim> claims = messages.claim(busy, settings.batch());
        List<CompletableFuture<Void>> attempts = new ArrayList<>(claims.size());
        Map<UUID, List<String>> secrets = new HashMap<>();
        for (WebhookMessages.Claim claim : claims) {
            inFlight.computeIfAbsent(claim.endpointId(), id -> new AtomicInteger()).incrementAndGet();
            List<String> signing = secrets.computeIfAbsent(claim.endpointId(), endpoints::signingSecrets);
            attempts.add(sender.send(claim.url(), claim.id().toString(), claim.body(), signing)
                    .thenCompose(outcome -> store(claim, outcome))
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            LOG.warn("Storing a webhook attempt failed: {}", failure.getClass().getSimpleName());
                        }
                        inFlight.get(claim.endpointId()).decrementAndGet();
                        finished.release();
                    }));
        }
        return new Round(claims.size(), CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)));
    }

    /** A round: how many messages it claimed, and when all their attempts are stored. */
    public record Round(int claimed, CompletableFuture<Void> done) {
    }

    /**
     * Waits until some attempt finished (a slot is free again) or the timeout passed; after the first,
     * lingers up to 5 ms for more, so that one claim serves several freed slots (claiming after every
     * single answer cost more database work per message than the delivery itself).
     */
    void awaitProgress(Duration timeout) throws InterruptedException {
        if (finished.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            finished.tryAcquire(LINGER_PERMITS, LINGER.toMillis(), TimeUnit.MILLISECONDS);
            finished.drainPermits();
        }
    }

    private CompletableFuture<Void> store(WebhookMessages.Claim claim, WebhookSender.Outcome outcome) {
        WebhookMessages.Attempt attempt = outcome.attempt();
        boolean ok = attempt.succeeded();
        count(attempt, ok);
        if (ok) {
            return recordSuccess(claim, attempt);
        }
        Duration retryIn = schedule.next(claim.attemptCount() + 1, outcome.retryAfter()).orElse(null);
        messages.recordAttempt(claim, attempt, retryIn);
        if (retryIn == null) {
            meters.counter("jobtower.notifications.failed").increment();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Successes are written in batches by one thread: one statement for all that finished meanwhile. */
    private CompletableFuture<Void> recordSuccess(WebhookMessages.Claim claim, WebhookMessages.Attempt attempt) {
        PendingSuccess pending = new PendingSuccess(new WebhookMessages.Success(claim, attempt), new CompletableFuture<>());
        successes.add(pending);
        if (draining.compareAndSet(false, true)) {
            recorder.execute(this::drainSuccesses);
        }
        return pending.stored();
    }

    private record PendingSuccess(WebhookMessages.Success success, CompletableFuture<Void> stored) {
    }

    private void drainSuccesses() {
        while (true) {
            List<PendingSuccess> batch = new ArrayList<>();
            PendingSuccess next;
            while (batch.size() < MAX_SUCCESS_BATCH && (next = successes.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                draining.set(false);
                // one added between the last poll and the reset is drained here, unless another drain started
                if (successes.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                messages.recordSuccesses(batch.stream().map(PendingSuccess::success).toList());
                batch.forEach(p -> p.stored().complete(null));
            } catch (RuntimeException e) {
                // the messages stay leased: after the lease they are sent again (at least once)
                batch.forEach(p -> p.stored().completeExceptionally(e));
            }
        }
    }

    private void count(WebhookMessages.Attempt attempt, boolean ok) {
        meters.counter("jobtower.notifications.attempts", "outcome", ok ? "success" : "failure").increment();
        Timer.builder("jobtower.notifications.latency").publishPercentileHistogram().register(meters)
                .record(Duration.ofMillis(attempt.durationMs()));
    }

    @jakarta.annotation.PreDestroy
    void close() {
        recorder.shutdown();
    }
}
