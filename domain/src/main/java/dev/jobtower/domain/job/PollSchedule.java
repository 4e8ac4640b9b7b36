package dev.jobtower.domain.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When the poller reads a job next: the one rule, for every place that schedules a poll.
 * <ul>
 *   <li>a job just stored, or whose facts just changed, is read again after the first {@code interval};</li>
 *   <li>each read that found nothing new, and each read that failed, doubles the wait, up to
 *       {@code maxInterval};</li>
 *   <li>a future {@code scheduledAt} is waited for (the job cannot start before);</li>
 *   <li>a finished (terminal) job is never read again;</li>
 *   <li>a read Jobtower's own limiter or bulkhead refused (the vendor was not asked) leaves the wait as it
 *       was and makes the job due again after {@code refusedRetry}.</li>
 * </ul>
 * Pure arithmetic on the job's {@link Next}: the stores keep {@code at} and {@code backoff} and compute
 * nothing themselves.
 */
public record PollSchedule(Duration interval, Duration maxInterval, Duration refusedRetry) {

    /**
     * @param interval     the first wait; positive
     * @param maxInterval  the longest wait (at least {@code interval})
     * @param refusedRetry the wait after a refused read (not negative)
     */
    public PollSchedule {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive");
        }
        maxInterval = maxInterval == null || maxInterval.compareTo(interval) < 0 ? interval : maxInterval;
        refusedRetry = refusedRetry == null || refusedRetry.isNegative() ? Duration.ZERO : refusedRetry;
    }

    /**
     * A job's place in the schedule.
     *
     * @param at      when it is read next; {@code null}: never (it finished)
     * @param backoff the wait that led there, doubled by the next read that finds nothing new
     */
    public record Next(Instant at, Duration backoff) {
        public boolean polled() {
            return at != null;
        }
    }

    /** A job just stored, or whose vendor facts just changed: read again after the first interval. */
    public Next afterChange(JobStatus status, Instant scheduledAt, Instant now) {
        return wait(status, scheduledAt, interval, now);
    }

    /** A poll that found nothing new: the wait doubles, up to the maximum. */
    public Next afterUnchangedPoll(JobStatus status, Instant scheduledAt, Duration backoff, Instant now) {
        return wait(status, scheduledAt, doubled(backoff), now);
    }

    /** A read that failed (the vendor errored, timed out, or did not know the job): the wait doubles too. */
    public Next afterFailedRead(JobStatus status, Instant scheduledAt, Duration backoff, Instant now) {
        return wait(status, scheduledAt, doubled(backoff), now);
    }

    /**
     * A read Jobtower refused itself (its limiter or a full bulkhead): nothing was learnt, so the wait stays;
     * the job is due again after {@code refusedRetry}, or later if something rescheduled it meanwhile.
     */
    public Next afterRefusedRead(JobStatus status, Next current, Instant now) {
        if (status.isTerminal()) {
            return new Next(null, current.backoff());
        }
        Instant retry = now.plus(refusedRetry);
        return new Next(current.at() != null && current.at().isAfter(retry) ? current.at() : retry, current.backoff());
    }

    /**
     * What storing one observed copy does to the job's schedule: a new or changed job starts over; a poll
     * that found nothing new (an ignored or same copy) backs off; any other read that found nothing new (a
     * webhook, a refresh) leaves the schedule as it is (empty).
     *
     * @param backoff the job's current wait ({@code null} when it has none yet)
     */
    public Optional<Next> after(Job.Observation observation, Duration backoff) {
        Job job = observation.job();
        Instant now = observation.read().appliedAt();
        if (observation.created() || observation.changed()) {
            return Optional.of(afterChange(job.status(), job.scheduledAt(), now));
        }
        if (observation.read().source() == Source.POLL) {
            return Optional.of(afterUnchangedPoll(job.status(), job.scheduledAt(), backoff, now));
        }
        return Optional.empty();
    }

    private Duration doubled(Duration backoff) {
        Duration from = backoff == null || backoff.compareTo(interval) < 0 ? interval : backoff;
        Duration twice = from.compareTo(maxInterval) >= 0 ? maxInterval : from.multipliedBy(2);
        return twice.compareTo(maxInterval) > 0 ? maxInterval : twice;
    }

    private Next wait(JobStatus status, Instant scheduledAt, Duration backoff, Instant now) {
        if (status.isTerminal()) {
            return new Next(null, backoff);
        }
        Instant next = now.plus(backoff);
        return new Next(scheduledAt != null && scheduledAt.isAfter(next) ? scheduledAt : next, backoff);
    }
}
