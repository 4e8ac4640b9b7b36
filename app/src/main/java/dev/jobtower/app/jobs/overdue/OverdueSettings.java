package dev.jobtower.app.jobs.overdue;

import dev.jobtower.domain.analytics.OverdueRule;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The overdue rule's settings: {@code JOBTOWER_OVERDUE_FACTOR} (default 3) and
 * {@code JOBTOWER_OVERDUE_DEFAULT} (default 24h), and how often the sweep runs.
 */
@Singleton
public class OverdueSettings {
    private final OverdueRule rule;
    private final Duration sweepInterval;

    public OverdueSettings(@Value("${jobtower.overdue.factor:3}") double factor,
                           @Value("${jobtower.overdue.default:24h}") Duration defaultDeadline,
                           @Value("${jobtower.overdue.sweep-interval:1m}") Duration sweepInterval) {
        try {
            this.rule = new OverdueRule(factor, defaultDeadline);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jobtower.overdue: " + e.getMessage(), e);
        }
        this.sweepInterval = sweepInterval;
    }

    public OverdueRule rule() {
        return rule;
    }

    public Duration sweepInterval() {
        return sweepInterval;
    }
}
