package dev.jobtower.app.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Limits and fairness (API.md), each per instance, defaults in {@code application.yml}: requests per second per
 * API key ({@code jobtower.rate-limit}) and its burst, rate buckets kept at most, vendor calls at once for one
 * tenant's API requests, live connections per tenant, and how long a list, stats or analytics query may run.
 */
@Context
@ConfigurationProperties("jobtower")
public record LimitSettings(@Bindable(defaultValue = "100") long rateLimit,
                            @Bindable(defaultValue = "200") long rateLimitBurst,
                            @Bindable(defaultValue = "100000") int rateLimitMaxKeys,
                            @Bindable(defaultValue = "8") int tenantVendorConcurrency,
                            @Bindable(defaultValue = "100") int tenantMaxConnections,
                            @Bindable(defaultValue = "5s") Duration queryTimeout) {
    public LimitSettings {
        Require.atLeast("jobtower.rate-limit", 1L, rateLimit);
        Require.atLeast("jobtower.rate-limit-burst", 1L, rateLimitBurst);
        Require.atLeast("jobtower.rate-limit-max-keys", 1, rateLimitMaxKeys);
        Require.atLeast("jobtower.tenant-vendor-concurrency", 1, tenantVendorConcurrency);
        Require.atLeast("jobtower.tenant-max-connections", 1, tenantMaxConnections);
        Require.notNegative("jobtower.query-timeout", queryTimeout);
    }
}
