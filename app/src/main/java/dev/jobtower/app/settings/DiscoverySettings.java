package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Vendor list scans, {@code jobtower.discovery.*}: how often each connection is scanned, how far back, and how
 * many jobs one scan may return. ({@code enabled}, {@code tick} and {@code initial-delay} steer the schedule's
 * annotations.)
 */
@Context
@ConfigurationProperties("jobtower.discovery")
public record DiscoverySettings(@Bindable(defaultValue = "15m") Duration interval,
                                @Bindable(defaultValue = "7d") Duration lookback,
                                @Bindable(defaultValue = "1000") int maxJobs) {
    public DiscoverySettings {
        Require.positive("jobtower.discovery.interval", interval);
        Require.positive("jobtower.discovery.lookback", lookback);
        Require.atLeast("jobtower.discovery.max-jobs", 1, maxJobs);
    }
}
