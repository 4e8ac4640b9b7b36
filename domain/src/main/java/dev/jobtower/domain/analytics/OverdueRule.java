package dev.jobtower.domain.analytics;

import java.time.Duration;
import java.util.Objects;

/**
 * When a job that has not finished is overdue (API.md "Analytics"): its age (now − {@code startedAt},
 * else {@code createdAt}) exceeds {@code factor} × the p95 duration of the same tenant's
 * (provider, type) over the last {@link #BASELINE_WINDOW} when at least {@link #MIN_FINISHED} such jobs
 * finished, else {@code defaultDeadline}.
 */
public record OverdueRule(double factor, Duration defaultDeadline) {
    public static final int MIN_FINISHED = 20;
    public static final Duration BASELINE_WINDOW = Duration.ofDays(7);

    public OverdueRule {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("the overdue factor must be a positive number");
        }
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        if (defaultDeadline.isNegative() || defaultDeadline.isZero()) {
            throw new IllegalArgumentException("the default overdue deadline must be positive");
        }
    }

    /**
     * The deadline of a job whose (provider, type) had {@code finished} jobs finish in the window with
     * {@code p95Seconds} as their p95 duration (ignored below {@link #MIN_FINISHED}).
     */
    public Duration deadline(long finished, double p95Seconds) {
        if (finished < MIN_FINISHED) {
            return defaultDeadline;
        }
        return Duration.ofNanos(Math.round(Math.max(0, p95Seconds) * factor * 1_000_000_000d));
    }

    /** True when a job of {@code age} is past {@code deadline} (strictly). */
    public static boolean overdue(Duration age, Duration deadline) {
        return age.compareTo(deadline) > 0;
    }
}
