package dev.jobtower.app.notifications;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Settings of outbound webhooks (notifications); defaults in application.yml, listed in the README. */
@Singleton
public class WebhookSettings {
    private final boolean allowPrivate;
    private final boolean allowHttp;
    private final Duration timeout;
    private final int endpointConcurrency;
    private final int batch;
    private final Duration lease;
    private final Duration tick;
    private final int responseCap;
    private final int circuitFailures;
    private final Duration circuitOpen;
    private final Duration disableAfter;
    private final Duration retention;
    private final Duration rotationOverlap;
    private final String trustStore;
    private final String trustStorePassword;

    public WebhookSettings(@Value("${jobtower.webhooks.allow-private:false}") boolean allowPrivate,
                           @Value("${jobtower.notifications.allow-http:false}") boolean allowHttp,
                           @Value("${jobtower.notifications.timeout:15s}") Duration timeout,
                           @Value("${jobtower.notifications.endpoint-concurrency:8}") int endpointConcurrency,
                           @Value("${jobtower.notifications.batch:200}") int batch,
                           @Value("${jobtower.notifications.lease:60s}") Duration lease,
                           @Value("${jobtower.notifications.tick:1s}") Duration tick,
                           @Value("${jobtower.notifications.response-cap:4096}") int responseCap,
                           @Value("${jobtower.notifications.circuit-failures:5}") int circuitFailures,
                           @Value("${jobtower.notifications.circuit-open:60s}") Duration circuitOpen,
                           @Value("${jobtower.notifications.disable-after:5d}") Duration disableAfter,
                           @Value("${jobtower.notifications.retention:30d}") Duration retention,
                           @Value("${jobtower.notifications.rotation-overlap:24h}") Duration rotationOverlap,
                           @Nullable @Value("${jobtower.notifications.trust-store:}") String trustStore,
                           @Nullable @Value("${jobtower.notifications.trust-store-password:}") String trustStorePassword) {
        this.allowPrivate = allowPrivate;
        this.allowHttp = allowHttp;
        this.timeout = timeout;
        this.endpointConcurrency = Math.max(1, endpointConcurrency);
        this.batch = Math.max(1, batch);
        this.lease = lease.compareTo(timeout.multipliedBy(2)) < 0 ? timeout.multipliedBy(2) : lease;
        this.tick = tick;
        this.responseCap = Math.max(0, responseCap);
        this.circuitFailures = Math.max(1, circuitFailures);
        this.circuitOpen = circuitOpen;
        this.disableAfter = disableAfter;
        this.retention = retention;
        this.rotationOverlap = rotationOverlap;
        this.trustStore = trustStore == null || trustStore.isBlank() ? null : trustStore;
        this.trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    public boolean allowHttp() {
        return allowHttp;
    }

    public Duration timeout() {
        return timeout;
    }

    public int endpointConcurrency() {
        return endpointConcurrency;
    }

    public int batch() {
        return batch;
    }

    public Duration lease() {
        return lease;
    }

    public Duration tick() {
        return tick;
    }

    public int responseCap() {
        return responseCap;
    }

    public int circuitFailures() {
        return circuitFailures;
    }

    public Duration circuitOpen() {
        return circuitOpen;
    }

    public Duration disableAfter() {
        return disableAfter;
    }

    public Duration retention() {
        return retention;
    }

    public Duration rotationOverlap() {
        return rotationOverlap;
    }

    public String trustStore() {
        return trustStore;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }
}
