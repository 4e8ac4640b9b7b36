package dev.jobtower.app.sync;

import dev.jobtower.domain.job.PollSchedule;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The poller's settings: the per-job {@link PollSchedule} (the first re-read {@code interval} after a job was
 * stored or changed, then doubling up to {@code maxInterval}; a future {@code scheduledAt} is waited for;
 * {@code refusedRetry}), the claim batch and the lease.
 */
@Singleton
public class PollSettings {
    private final PollSchedule schedule;
    private final int batch;
    private final Duration lease;

    public PollSettings(@Value("${jobtower.poll.interval:5s}") Duration interval,
                        @Value("${jobtower.poll.max-interval:10m}") Duration maxInterval,
                        @Value("${jobtower.poll.batch:100}") int batch,
                        @Value("${jobtower.poll.lease:60s}") Duration lease,
                        @Value("${jobtower.poll.refused-retry:1s}") Duration refusedRetry) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("jobtower.poll.interval must be positive");
        }
        this.schedule = new PollSchedule(interval, maxInterval, refusedRetry);
        this.batch = Math.max(1, batch);
        this.lease = lease;
    }

    /** When each job is read next: the one rule every place that schedules a poll follows. */
    public PollSchedule schedule() {
        return schedule;
    }

    public Duration interval() {
        return schedule.interval();
    }

    public Duration maxInterval() {
        return schedule.maxInterval();
    }

    public int batch() {
        return batch;
    }

    public Duration lease() {
        return lease;
    }

    /** How soon a job is due again when Jobtower's own limiter or bulkhead refused to read it. */
    public Duration refusedRetry() {
        return schedule.refusedRetry();
    }
}
