package dev.jobtower.app.sync;

import dev.jobtower.app.vendors.VendorModules;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.JobProvider;
import dev.jobtower.domain.provider.VendorModule;
import dev.jobtower.domain.tracking.ProviderDirectory;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedThreadPoolBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every registered vendor module's adapter, each behind its own {@link ResilientJobProvider}; the one place the sync
 * engine and the API get a provider from.
 */
@Singleton
public class Providers implements ProviderDirectory {
    private final Map<Provider, ResilientJobProvider> providers = new LinkedHashMap<>();
    private final Map<Provider, ProviderResilience> resilience = new LinkedHashMap<>();
    private final Map<Provider, VendorModule> moduleOf = new LinkedHashMap<>();

    public Providers(VendorModules modules, Environment environment, dev.jobtower.app.settings.ResilienceSettings settings,
                     MeterRegistry meters, Clock clock) {
        ProviderResilience.Registries registries = ProviderResilience.Registries.create();
        for (VendorModule module : modules.all()) {
            JobProvider adapter = module.jobProvider();
            moduleOf.put(adapter.provider(), module);
            ProviderResilience r = new ProviderResilience(adapter.provider(),
                    ProviderResilience.Settings.read(environment, adapter.provider(), module.limits()), registries,
                    settings.maxConnections(), settings.idleEviction(),
                    clock);
            resilience.put(adapter.provider(), r);
            providers.put(adapter.provider(), new ResilientJobProvider(adapter, r, meters, clock));
        }
        // metric tags carry the provider name only: never a tenant or connection id
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registries.breakers()).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(registries.retries()).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(registries.timeLimiters()).bindTo(meters);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(registries.rateLimiters()).bindTo(meters);
        TaggedThreadPoolBulkheadMetrics.ofThreadPoolBulkheadRegistry(registries.bulkheads()).bindTo(meters);
    }

    @Override
    public JobProvider of(Provider provider) {
        ResilientJobProvider p = providers.get(provider);
        if (p == null) {
            throw new IllegalStateException("no adapter for provider " + provider);
        }
        return p;
    }

    /** The routing the provider's vendor module declares. */
    @Override
    public dev.jobtower.domain.provider.WebhookRouting webhookRouting(Provider provider) {
        VendorModule module = moduleOf.get(provider);
        return module == null ? dev.jobtower.domain.provider.WebhookRouting.PATH_CONNECTION : module.webhookRouting();
    }

    public Collection<ProviderResilience> resilience() {
        return resilience.values();
    }

    public java.util.Optional<ProviderResilience> resilience(Provider provider) {
        return java.util.Optional.ofNullable(resilience.get(provider));
    }

    @PreDestroy
    void close() {
        for (ProviderResilience r : resilience.values()) {
            try {
                r.bulkhead().close();
            } catch (Exception e) {
                // shutting down: nothing to do
            }
        }
    }
}
