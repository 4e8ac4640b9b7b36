package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code jobtower.enqueue.unconfirmed-grace}: how long a pre-stored job (a create that timed out) may stay unknown
 * to the vendor before it is settled as FAILED.
 */
@Context
@ConfigurationProperties("jobtower.enqueue")
public record EnqueueSettings(@Bindable(defaultValue = "10m") Duration unconfirmedGrace) {
    public EnqueueSettings {
        Require.positive("jobtower.enqueue.unconfirmed-grace", unconfirmedGrace);
    }
}
