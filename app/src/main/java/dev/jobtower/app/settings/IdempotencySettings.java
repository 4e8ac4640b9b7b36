package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code Idempotency-Key}s, {@code jobtower.idempotency.*}: how long an answer is kept ({@code retention}, read by
 * the retention sweep too) and after how long a first request that never answered no longer blocks its key.
 */
@Context
@ConfigurationProperties("jobtower.idempotency")
public record IdempotencySettings(@Bindable(defaultValue = "24h") Duration retention,
                                  @Bindable(defaultValue = "60s") Duration inFlightTimeout) {
    public IdempotencySettings {
        Require.notNegative("jobtower.idempotency.retention", retention);
        Require.notNegative("jobtower.idempotency.in-flight-timeout", inFlightTimeout);
    }
}
