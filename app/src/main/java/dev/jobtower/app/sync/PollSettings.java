package dev.jobtower.app.sync;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

/**
 * The poller's per-job schedule: the first re-read {@code interval} after a job was stored or
 * changed, then doubling up to {@code maxInterval}; a future {@code scheduledAt} is waited for.
 */
@Singleton
public class PollSettings {
    private final Duration interval;
    private final Duration maxInterval;
    private final int batch;
    private final Duration lease;
    private final Duration refusedRetry;

    public PollSettings(@Value("${jobtower.poll.interval:5s}") Duration interval,
                        @Value("${jobtower.poll.max-interval:10m}") Duration maxInterval,
                        @Value("${jobtower.poll.batch:100}") int batch,
                        @Value("${jobtower.poll.lease:60s}") Duration lease,
                        @Value("${jobtower.poll.refused-retry:1s}") Duration refusedRetry) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("jobtower.poll.interval must be positive");
        }
        this.interval = interval;
        this.maxInterval = maxInterval.compareTo(interval) < 0 ? interval : maxInterval;
        this.batch = Math.max(1, batch);
        this.lease = lease;
        this.refusedRetry = refusedRetry.isNegative() ? Duration.ZERO : refusedRetry;
    }

    public Duration interval() {
        return interval;
    }

    public Duration maxInterval() {
        return maxInterval;
    }

    public int batch() {
        return batch;
    }

    public Duration lease() {
        return lease;
    }

    /** How soon a job is due again when Jobtower's own limiter or bulkhead refused to read it. */
    public Duration refusedRetry() {
        return refusedRetry;
    }

    /** When to read a job next, given its backoff and a possibly future scheduled start. */
    public Instant nextPollAt(Instant now, Duration backoff, Instant scheduledAt) {
        Instant next = now.plus(backoff);
        return scheduledAt != null && scheduledAt.isAfter(next) ? scheduledAt : next;
    }
}
