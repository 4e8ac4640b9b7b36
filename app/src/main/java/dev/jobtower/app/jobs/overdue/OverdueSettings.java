package dev.jobtower.app.jobs.overdue;

import dev.jobtower.domain.analytics.OverdueRule;
import dev.jobtower.app.settings.Require;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * The overdue rule's settings: {@code JOBTOWER_OVERDUE_FACTOR} (default 3) and
 * {@code JOBTOWER_OVERDUE_DEFAULT} (default 24h), and how often the sweep runs; bound from {@link Properties}.
 */
@Context
public class OverdueSettings {
    private final OverdueRule rule;
    private final Duration sweepInterval;

    /**
     * {@code jobtower.overdue.*}, defaults in {@code application.yml}. An interface rather than a record because
     * one key is {@code default}, which no record component may be called. ({@code enabled} and
     * {@code initial-delay} steer the sweep's annotations.)
     */
    @ConfigurationProperties("jobtower.overdue")
    public interface Properties {
        @Bindable(defaultValue = "3")
        double getFactor();

        @Bindable(defaultValue = "24h")
        Duration getDefault();

        @Bindable(defaultValue = "1m")
        Duration getSweepInterval();
    }

    @Inject
    public OverdueSettings(Properties properties) {
        this(properties.getFactor(), properties.getDefault(), properties.getSweepInterval());
    }

    public OverdueSettings(double factor, Duration defaultDeadline, Duration sweepInterval) {
        Require.positive("jobtower.overdue.factor", factor);
        Require.positive("jobtower.overdue.default", defaultDeadline);
        this.rule = new OverdueRule(factor, defaultDeadline);
        this.sweepInterval = Require.positive("jobtower.overdue.sweep-interval", sweepInterval);
    }

    public OverdueRule rule() {
        return rule;
    }

    public Duration sweepInterval() {
        return sweepInterval;
    }
}
