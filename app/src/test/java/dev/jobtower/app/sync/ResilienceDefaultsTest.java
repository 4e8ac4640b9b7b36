package dev.jobtower.app.sync;

import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.provider.VendorLimits;
import io.micronaut.core.value.MapPropertyResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A provider's resilience settings: configuration first, then its vendor module's limits. */
class ResilienceDefaultsTest {
    static final Provider P = Provider.of("some-vendor");

    @Test
    void the_vendor_modules_limits_are_the_defaults() {
        VendorLimits perCaller = new VendorLimits(Duration.ofSeconds(7), 3, Duration.ofSeconds(2), true, 5, 50);
        ProviderResilience.Settings s = ProviderResilience.Settings.read(new MapPropertyResolver(Map.<String, Object>of()), P, perCaller);
        assertEquals(Duration.ofSeconds(7), s.timeout());
        assertEquals(3, s.rateLimit());
        assertEquals(Duration.ofSeconds(2), s.ratePeriod());
        assertEquals(ProviderResilience.LimiterScope.INSTANCE, s.rateScope());
        assertEquals(5, s.bulkheadThreads());
        assertEquals(50, s.bulkheadQueue());

        ProviderResilience.Settings general = ProviderResilience.Settings.read(new MapPropertyResolver(Map.<String, Object>of()), P,
                VendorLimits.DEFAULT);
        assertEquals(ProviderResilience.LimiterScope.CONNECTION, general.rateScope());
        assertEquals(10, general.rateLimit());
        assertEquals(Duration.ofSeconds(12), general.timeout());
    }

    @Test
    void configuration_wins_over_the_modules_limits() {
        VendorLimits perCaller = new VendorLimits(Duration.ofSeconds(7), 3, Duration.ofSeconds(2), true, 5, 50);
        ProviderResilience.Settings s = ProviderResilience.Settings.read(new MapPropertyResolver(Map.<String, Object>of(
                "jobtower.some-vendor.resilience.rate-limit.limit", 9,
                "jobtower.some-vendor.resilience.rate-limit.scope", "connection",
                "jobtower.some-vendor.resilience.timeout", Duration.ofSeconds(1))), P, perCaller);
        assertEquals(9, s.rateLimit());
        assertEquals(ProviderResilience.LimiterScope.CONNECTION, s.rateScope());
        assertEquals(Duration.ofSeconds(1), s.timeout());
        assertEquals(5, s.bulkheadThreads());
    }
}
