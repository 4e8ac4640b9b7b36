package dev.jobtower.app.sync;

import dev.jobtower.app.settings.Require;
import dev.jobtower.domain.job.PollSchedule;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The poller's settings, {@code jobtower.poll.*} ({@code JOBTOWER_POLL_…}), defaults in {@code application.yml}:
 * the per-job {@link PollSchedule} (the first re-read {@code interval} after a job was stored or changed, then
 * doubling up to {@code maxInterval}; a future {@code scheduledAt} is waited for; {@code refusedRetry}), the claim
 * batch and the lease, reads in flight at once ({@code parallelism}) and at most {@code connectionParallelism} of
 * them for one connection. ({@code enabled}, {@code tick} and {@code initial-delay} steer the poller's annotations.)
 */
@Context
@ConfigurationProperties("jobtower.poll")
public record PollSettings(@Bindable(defaultValue = "5s") Duration interval,
                           @Bindable(defaultValue = "10m") Duration maxInterval,
                           @Bindable(defaultValue = "100") int batch,
                           @Bindable(defaultValue = "60s") Duration lease,
                           @Bindable(defaultValue = "1s") Duration refusedRetry,
                           @Bindable(defaultValue = "16") int parallelism,
                           @Bindable(defaultValue = "4") int connectionParallelism) {
    public PollSettings {
        Require.positive("jobtower.poll.interval", interval);
        Require.positive("jobtower.poll.max-interval", maxInterval);
        // as the schedule reads it: a cap below the first interval is the first interval
        maxInterval = maxInterval.compareTo(interval) < 0 ? interval : maxInterval;
        Require.atLeast("jobtower.poll.batch", 1, batch);
        Require.positive("jobtower.poll.lease", lease);
        Require.notNegative("jobtower.poll.refused-retry", refusedRetry);
        Require.atLeast("jobtower.poll.parallelism", 1, parallelism);
        Require.atLeast("jobtower.poll.connection-parallelism", 1, connectionParallelism);
    }

    /** When each job is read next: the one rule every place that schedules a poll follows. */
    public PollSchedule schedule() {
        return new PollSchedule(interval, maxInterval, refusedRetry);
    }
}
