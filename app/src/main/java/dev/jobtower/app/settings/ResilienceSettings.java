package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code jobtower.resilience.*}: connections whose circuit, share and limiter are kept in memory, and after how
 * long idle ones are dropped (they start again closed). Each provider's own parts are
 * {@code jobtower.<provider>.resilience.*}, read by {@code ProviderResilience} with the vendor module's defaults.
 */
@Context
@ConfigurationProperties("jobtower.resilience")
public record ResilienceSettings(@Bindable(defaultValue = "10000") int maxConnections,
                                 @Bindable(defaultValue = "1h") Duration idleEviction) {
    public ResilienceSettings {
        Require.atLeast("jobtower.resilience.max-connections", 1, maxConnections);
        Require.positive("jobtower.resilience.idle-eviction", idleEviction);
    }
}
