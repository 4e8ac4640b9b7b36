package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Processing of the vendors' webhooks (the inbox), {@code jobtower.webhooks.*} ({@code JOBTOWER_WEBHOOKS_…}):
 * deliveries claimed per round, attempts before a delivery is given up, the claim's lease, whether intake kicks
 * the processor at once ({@code async}), vendor reads in flight at once and at most this many for one connection,
 * deliveries of one connection processed at once ({@code connection-tasks}: read and store, only
 * {@code connection-parallelism} of them in a vendor call), and how long processed inbox rows are kept ({@code retention}: {@code 0} keeps forever, read by the retention
 * sweep). {@code allow-private} belongs to the outbound webhooks ({@code WebhookSettings}).
 */
@Context
@ConfigurationProperties("jobtower.webhooks")
public record WebhookInboxSettings(@Bindable(defaultValue = "100") int batch,
                                   @Bindable(defaultValue = "20") int maxAttempts,
                                   @Bindable(defaultValue = "60s") Duration lease,
                                   @Bindable(defaultValue = "true") boolean async,
                                   @Bindable(defaultValue = "16") int parallelism,
                                   @Bindable(defaultValue = "4") int connectionParallelism,
                                   @Bindable(defaultValue = "7d") String retention,
                                   @Bindable(defaultValue = "8") int connectionTasks) {
    public WebhookInboxSettings {
        Require.atLeast("jobtower.webhooks.batch", 1, batch);
        Require.atLeast("jobtower.webhooks.max-attempts", 1, maxAttempts);
        Require.positive("jobtower.webhooks.lease", lease);
        Require.atLeast("jobtower.webhooks.parallelism", 1, parallelism);
        Require.atLeast("jobtower.webhooks.connection-parallelism", 1, connectionParallelism);
        Require.atLeast("jobtower.webhooks.connection-tasks", 1, connectionTasks);
    }
}
