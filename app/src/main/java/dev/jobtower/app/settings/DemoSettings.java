package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Demo mode ({@code JOBTOWER_DEMO=true}), {@code jobtower.demo.*}: the demo tenant's API key (unset: generated),
 * how often a new demo job is started or tracked, and no new ones once the tenant holds {@code max-jobs}.
 * ({@code tick} and {@code seed} are the simulators', in the adapters.) The key never appears in {@link #toString()}.
 */
@Context
@ConfigurationProperties("jobtower.demo")
public record DemoSettings(@Nullable String apiKey,
                           @Bindable(defaultValue = "3s") Duration interval,
                           @Bindable(defaultValue = "500") long maxJobs) {
    public DemoSettings {
        apiKey = apiKey == null ? "" : apiKey.strip();
        Require.positive("jobtower.demo.interval", interval);
        Require.atLeast("jobtower.demo.max-jobs", 0L, maxJobs);
    }

    @Override
    public String toString() {
        return "DemoSettings[apiKey=" + (apiKey.isEmpty() ? "unset" : "***") + ", interval=" + interval
                + ", maxJobs=" + maxJobs + "]";
    }
}
