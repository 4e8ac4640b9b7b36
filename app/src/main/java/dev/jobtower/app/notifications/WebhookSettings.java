package dev.jobtower.app.notifications;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * Settings of outbound webhooks (notifications), {@code jobtower.notifications.*} (env
 * {@code JOBTOWER_NOTIFICATIONS_…}); defaults in application.yml, listed in the README. {@code allow-private}
 * is {@code jobtower.webhooks.allow-private} ({@code JOBTOWER_WEBHOOKS_ALLOW_PRIVATE}), which application.yml
 * hands on. A lease shorter than twice the timeout is raised to it; counts are at least 1.
 */
@ConfigurationProperties("jobtower.notifications")
public record WebhookSettings(boolean allowPrivate, boolean allowHttp, Duration timeout, int endpointConcurrency,
                              int batch, Duration lease, Duration tick, int responseCap, int circuitFailures,
                              Duration circuitOpen, Duration disableAfter, Duration retention, Duration rotationOverlap,
                              @Nullable String trustStore, @Nullable String trustStorePassword) {
    public WebhookSettings {
        for (Object[] d : new Object[][]{{"timeout", timeout}, {"lease", lease}, {"tick", tick},
                {"circuit-open", circuitOpen}, {"disable-after", disableAfter}, {"retention", retention},
                {"rotation-overlap", rotationOverlap}}) {
            if (d[1] == null || ((Duration) d[1]).isNegative()) {
                throw new IllegalArgumentException("jobtower.notifications." + d[0] + " must be a duration of 0 or more");
            }
        }
        endpointConcurrency = Math.max(1, endpointConcurrency);
        batch = Math.max(1, batch);
        lease = lease.compareTo(timeout.multipliedBy(2)) < 0 ? timeout.multipliedBy(2) : lease;
        responseCap = Math.max(0, responseCap);
        circuitFailures = Math.max(1, circuitFailures);
        trustStore = trustStore == null || trustStore.isBlank() ? null : trustStore;
        trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
    }
}
