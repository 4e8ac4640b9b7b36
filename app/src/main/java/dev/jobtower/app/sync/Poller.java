package dev.jobtower.app.sync;

import dev.jobtower.domain.provider.CallRefused;
import dev.jobtower.app.WorkExecutors;
import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.ConnectionStore;
import dev.jobtower.domain.job.ConnectionId;
import dev.jobtower.domain.job.Source;
import dev.jobtower.domain.tracking.JobSync;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Re-reads non-terminal jobs on their schedule: claims a batch of due jobs, reads them in parallel
 * (each call still goes through its provider's bulkhead, limiter and breaker), and repeats while
 * full batches come back. A failed read marks the job stale and doubles its backoff.
 */
@Singleton
@Requires(property = "jobtower.poll.enabled", notEquals = "false")
public class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final PollQueue queue;
    private final PollSettings settings;
    private final ConnectionStore connections;
    private final JobSync sync;
    private final ExecutorService executor;
    private final MeterRegistry meters;
    private volatile boolean stopped;

    public Poller(PollQueue queue, PollSettings settings, ConnectionStore connections, JobSync sync,
                  @Named(WorkExecutors.POLLER) ExecutorService executor, MeterRegistry meters) {
        this.queue = queue;
        this.settings = settings;
        this.connections = connections;
        this.sync = sync;
        this.executor = executor;
        this.meters = meters;
    }

    @Scheduled(fixedDelay = "${jobtower.poll.tick:1s}", initialDelay = "${jobtower.poll.initial-delay:3s}")
    void tick() {
        try {
            while (!stopped && round() == settings.batch()) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            LOG.warn("Poll round failed: {}", e.getClass().getSimpleName());
        }
    }

    /** Claims and reads one batch; returns how many jobs it claimed. */
    public int round() {
        List<PollQueue.Claim> claims = queue.claim(settings.batch());
        Map<ConnectionId, Optional<Connection>> byId = new HashMap<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>(claims.size());
        for (PollQueue.Claim claim : claims) {
            Optional<Connection> connection = byId.computeIfAbsent(claim.connectionId(), connections::findForWebhook);
            if (connection.isEmpty()) {
                queue.forget(claim.id());
                continue;
            }
            reads.add(CompletableFuture.runAsync(() -> read(connection.get(), claim), executor));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
        return claims.size();
    }

    private void read(Connection connection, PollQueue.Claim claim) {
        try {
            sync.reread(connection, claim.externalId(), Source.POLL);
            queue.release(claim.id());
            meters.counter("jobtower.poll.reads", "provider", connection.provider().wireName(), "outcome", "success").increment();
        } catch (CallRefused e) {
            // Jobtower's own limiter or a full bulkhead: not read now, not known to be wrong; due again shortly
            queue.postpone(claim.id(), settings.refusedRetry());
            meters.counter("jobtower.poll.reads", "provider", connection.provider().wireName(), "outcome", "refused").increment();
        } catch (RuntimeException e) {
            queue.failed(claim.id());
            meters.counter("jobtower.poll.reads", "provider", connection.provider().wireName(), "outcome", "failure").increment();
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
