package dev.jobtower.app.jobs.events;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The event stream's settings, {@code jobtower.events.*} (env {@code JOBTOWER_EVENTS_…}), defaults in
 * {@code application.yml}: streams per API key and how often an open stream re-checks its key (a revoked
 * key's streams end within 5 s), the heartbeat, how often the change feed reads the job table, how long it
 * waits for a writer that has not committed, a stream's buffer and the backlog's page size.
 */
@ConfigurationProperties("jobtower.events")
public record EventSettings(int maxStreamsPerKey, Duration keyCheckInterval, Duration heartbeat,
                            Duration pollInterval, Duration maxCommitWait, int buffer, int pageSize) {
    public EventSettings {
        if (maxStreamsPerKey < 1) {
            throw new IllegalArgumentException("JOBTOWER_EVENTS_MAX_STREAMS_PER_KEY must be at least 1");
        }
        if (keyCheckInterval == null || keyCheckInterval.isZero() || keyCheckInterval.isNegative()
                || keyCheckInterval.compareTo(Duration.ofSeconds(3)) > 0) {
            throw new IllegalArgumentException("jobtower.events.key-check-interval must be between 1 ms and 3 s "
                    + "(a revoked key's streams end within 5 s)");
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("jobtower.events.poll-interval must be positive");
        }
        requirePositive("jobtower.events.heartbeat", heartbeat);
        requirePositive("jobtower.events.max-commit-wait", maxCommitWait);
        buffer = Math.max(16, buffer);
        pageSize = Math.max(1, pageSize);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
