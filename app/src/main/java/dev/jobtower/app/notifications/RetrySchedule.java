package dev.jobtower.app.notifications;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed message is tried again (API.md): after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h,
 * each stretched by up to 20 % of jitter so endpoints that failed together are not retried together;
 * after the eighth failed attempt, never. A {@code Retry-After} (429/503) is honoured: never sooner.
 */
public final class RetrySchedule {
    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    /** A receiver's Retry-After is honoured up to this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(10);

    private final DoubleSupplier random;

    public RetrySchedule(DoubleSupplier random) {
        this.random = random;
    }

    /**
     * The wait before the next attempt after {@code failedAttempts} attempts all failed, or empty when
     * the message has failed for good.
     */
    public Optional<Duration> next(int failedAttempts, Duration retryAfter) {
        if (failedAttempts < 1 || failedAttempts > DELAYS.size()) {
            return Optional.empty();
        }
        Duration base = DELAYS.get(failedAttempts - 1);
        Duration wait = base.plusMillis((long) (base.toMillis() * 0.2 * random.getAsDouble()));
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration honoured = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
            if (honoured.compareTo(wait) > 0) {
                wait = honoured;
            }
        }
        return Optional.of(wait);
    }
}
